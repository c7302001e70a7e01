package com.logicor.runbook.etcd;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellScript;
import com.logicor.runbook.docker.ContainerFileUpload;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.VerifiedArtifact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The regulation's etcd restore, corrected (DESIGN.md): Patroni stopped on all nodes first, every member
 * restored from the same snapshot INTO its volume (not into a throw-away container path) with its own
 * {@code --name} and {@code --initial-advertise-peer-urls} and the common {@code --initial-cluster}, then
 * etcd started and its health and keys checked, then Patroni started again.
 * <p>
 * A member is restored into a scratch folder of its volume first and swapped in only when that succeeded,
 * so a failed restore leaves the member's old data in place. {@code etcdutl} (3.5+) is used where the image
 * has it, {@code etcdctl snapshot restore} (3.4) otherwise.
 */
@Component
public class EtcdRestore {

    /** Where the regulation mounts the etcd volume, and the member's data dir unless data_paths says otherwise. */
    static final String DEFAULT_DATA_DIR = "/etcd-data";
    static final String SCRATCH = ".runbook-restore";
    static final String TOKEN_PREFIX = "runbook-restore-";
    private static final Pattern TOKEN = Pattern.compile("runbook-restore-[A-Za-z0-9]{1,8}");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration HEALTH_LIMIT = Duration.ofMinutes(2);

    private final Inventory inventory;
    private final DockerEngines docker;
    private final ContainerFileUpload upload;
    private final ArtifactReader reader;
    private final EtcdGateway gateway;

    public EtcdRestore(Inventory inventory, DockerEngines docker, ContainerFileUpload upload, ArtifactReader reader,
                       EtcdGateway gateway) {
        this.inventory = inventory;
        this.docker = docker;
        this.upload = upload;
        this.reader = reader;
        this.gateway = gateway;
    }

    public List<String> plan(ComponentSpec etcd, ComponentSpec postgres, String token) {
        List<String> steps = new ArrayList<>();
        for (Node n : containers(postgres)) steps.add("docker stop --time 30 " + n.container() + "  (Patroni, engine " + n.engine() + ")");
        for (Node n : containers(etcd)) steps.add("docker stop --time 30 " + n.container() + "  (etcd member " + n.name() + ")");
        Node first = null;
        for (Node n : containers(etcd)) {
            steps.add("copy snapshot.db (decompressed, sha256 checked while copying) into volume " + n.volume() + ":/" + SCRATCH + "/snapshot.db");
            // the whole script once: a plan is a Camunda string variable (4000 characters), and three members'
            // scripts in full do not fit
            steps.add("docker run --rm <image, mounts and env of " + n.container() + "> sh -c '" + (first == null
                    ? restoreScript(etcd, n, token).text() + "'"
                    : "<the script of " + first.name() + ">' with --name " + n.name() + " --initial-advertise-peer-urls "
                            + n.endpoints().get("peer") + " --data-dir " + dataDir(etcd, n) + "/" + SCRATCH + "/data"));
            if (first == null) first = n;
        }
        for (Node n : containers(etcd)) steps.add("docker start " + n.container() + "; wait until " + n.endpoints().get("client") + "/health says true");
        steps.add("check: etcd answers a range over all keys (count > 0)");
        steps.add("docker start for each Patroni container that was running before");
        steps.add("on any failure after a stop: start again what was stopped (etcd members, Patroni), then end as failed");
        return steps;
    }

    /** Stops the containers; returns the names of those that were running (to start exactly those again). */
    public List<String> stop(ComponentSpec component) {
        List<String> wereRunning = new ArrayList<>();
        for (Node n : containers(component)) {
            DockerEngine engine = inventory.engine(n.engine());
            if (docker.inspect(engine, n.container()).running()) {
                docker.stop(engine, n.container(), GRACE);
                wereRunning.add(n.container());
            }
        }
        return wereRunning;
    }

    /** Starts the named containers of the component (idempotent). */
    public void start(ComponentSpec component, List<String> names) {
        for (Node n : containers(component)) {
            if (names.contains(n.container())) docker.start(inventory.engine(n.engine()), n.container());
        }
    }

    /** Every member from the same snapshot, into its own volume. */
    public void restoreMembers(ComponentSpec etcd, VerifiedArtifact snapshot, String token) throws IOException {
        requireToken(token);
        for (Node n : containers(etcd)) {
            DockerEngine engine = inventory.engine(n.engine());
            if (docker.inspect(engine, n.container()).running()) {
                throw new IllegalStateException("etcd member " + n.name() + " (" + n.container() + ") is running: stop it first");
            }
            try (InputStream raw = reader.openRaw(snapshot)) {
                upload.putIntoVolume(engine, n.volume(), SCRATCH + "/snapshot.db", snapshot.rawSize(), 0, 0, raw);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExecResult result = docker.runLike(engine, n.container(), restoreScript(etcd, n, token).sh(), out, RESTORE_TIMEOUT);
            if (!result.ok()) {
                throw new IOException("snapshot restore of member " + n.name() + " exited " + result.exitStatus() + ": "
                        + result.stderr().strip() + " " + out.toString(StandardCharsets.UTF_8).strip());
            }
        }
    }

    /** Waits until every member reports healthy; returns the number of keys the cluster holds. */
    public long awaitHealthyAndCountKeys(ComponentSpec etcd) throws InterruptedException {
        long keys = -1;
        for (Node n : containers(etcd)) {
            gateway.awaitHealthy(n.endpoints().get("client"), n.name(), HEALTH_LIMIT);
            keys = gateway.countKeys(n.endpoints().get("client"));
        }
        return keys;
    }

    /** The snapshot's revision and hash as its backup recorded them, for the evidence the approver reads. */
    static String recorded(BackupArtifact snapshot) {
        return snapshot.etcdRevision() == null
                ? "snapshot revision and hash: not recorded (a backup from before they were kept)"
                : "snapshot revision " + snapshot.etcdRevision() + ", hash " + snapshot.etcdHash();
    }

    /**
     * Every member must be at least at the snapshot's recorded revision: a lower one restored something older than
     * the backup (another file, or a member that kept its old data). Nothing is compared for a backup without one.
     */
    public String requireRecordedRevision(ComponentSpec etcd, BackupArtifact snapshot) {
        Long recorded = snapshot.etcdRevision();
        if (recorded == null) return "not checked: " + recorded(snapshot);
        List<String> revisions = new ArrayList<>();
        for (Node n : containers(etcd)) {
            long revision = gateway.revision(n.endpoints().get("client"));
            if (revision < recorded) {
                throw new IllegalStateException("etcd member " + n.name() + " is at revision " + revision
                        + " after the restore, below the snapshot's recorded revision " + recorded);
            }
            revisions.add(n.name() + " " + revision);
        }
        return "recorded revision " + recorded + "; after the restore: " + String.join(", ", revisions);
    }

    /** Restore into the volume's scratch folder, then swap the member directory in; the scratch is removed. */
    static ShellScript restoreScript(ComponentSpec etcd, Node n, String token) {
        requireToken(token);
        String dataDir = dataDir(etcd, n);
        String scratch = dataDir + "/" + SCRATCH;
        ShellScript flags = ShellScript.of("--name ").word(n.name())
                .literal(" --initial-cluster ").word(initialCluster(etcd))
                .literal(" --initial-advertise-peer-urls ").word(n.endpoints().get("peer"))
                .literal(" --initial-cluster-token ").word(token)
                .literal(" --data-dir ").word(scratch + "/data");
        return ShellScript.of("set -e; rm -rf ").word(scratch + "/data").literal("; ")
                .literal("if command -v etcdutl >/dev/null 2>&1; then etcdutl snapshot restore ").word(scratch + "/snapshot.db")
                .literal(" ").then(flags).literal("; ")
                .literal("else ETCDCTL_API=3 etcdctl snapshot restore ").word(scratch + "/snapshot.db").literal(" ").then(flags)
                .literal("; fi; ")
                .literal("rm -rf ").word(dataDir + "/member").literal("; mv ").word(scratch + "/data/member").literal(" ")
                .word(dataDir + "/member").literal("; rm -rf ").word(scratch);
    }

    /**
     * The cluster token of the restore started as this process instance: computed here, never taken from a
     * process variable (anyone who may set variables could otherwise choose it).
     */
    public static String clusterToken(String processInstanceId) {
        String id = processInstanceId.replaceAll("[^A-Za-z0-9]", "");
        return requireToken(TOKEN_PREFIX + id.substring(0, Math.min(8, id.length())));
    }

    /** A token is {@value #TOKEN_PREFIX} and 1..8 letters or digits: nothing else reaches the restore script. */
    static String requireToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("not an etcd cluster token this runbook makes: '" + token + "' (expected " + TOKEN + ")");
        }
        return token;
    }

    static String dataDir(ComponentSpec etcd, Node n) {
        return etcd.dataPathsOf(n).isEmpty() ? DEFAULT_DATA_DIR : etcd.dataPathsOf(n).get(0);
    }

    static String initialCluster(ComponentSpec etcd) {
        return etcd.nodes().stream().map(n -> n.name() + "=" + n.endpoints().get("peer")).collect(Collectors.joining(","));
    }

    private static List<Node> containers(ComponentSpec component) {
        return component.nodes().stream().filter(n -> n.container() != null && n.engine() != null).toList();
    }
}
