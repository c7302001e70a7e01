package com.logicor.runbook.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.RemoteCommandException;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * etcd (Patroni's DCS): an online snapshot taken from a live member with {@code etcdctl snapshot save}.
 * The regulation stops etcd first and then runs {@code etcdctl snapshot save}, which is a client call that
 * needs a live endpoint: it cannot work, and stopping the DCS would disturb Patroni anyway. Here etcd never
 * stops. Members are tried in inventory order until one is healthy and gives a snapshot whose
 * {@code snapshot status} reads; its hash and revision go to the measurements, where a restore checks them.
 */
@Component
public class EtcdSnapshotBackup implements ComponentBackup {

    static final String KIND = "snapshot";
    static final String FILE = "snapshot.db";
    /** The container's own /tmp: never the data volume, so a leftover can never end up in a volume backup. */
    static final String TMP_DIR = "/tmp";

    private static final Logger log = LoggerFactory.getLogger(EtcdSnapshotBackup.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    // A snapshot streams the whole backend; etcd's default quota is 2 GiB (max 8 GiB), which takes minutes.
    private static final Duration SAVE_TIMEOUT = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Inventory inventory;
    private final DockerEngines docker;
    private final ArtifactStore store;

    public EtcdSnapshotBackup(Inventory inventory, DockerEngines docker, ArtifactStore store) {
        this.inventory = inventory;
        this.docker = docker;
        this.store = store;
    }

    @Override
    public ComponentId component() {
        return EtcdBlueprint.ID;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        Node first = component.nodes().get(0);
        String file = TMP_DIR + "/runbook-etcd-<unique>.db";
        String where = "member " + first.name() + " (container " + first.container() + " on engine " + first.engine() + ")";
        steps.add("online snapshot from " + where + "; etcd keeps serving, nothing is stopped");
        steps.add(shown(first, healthCommand(shownEndpoint(first))));
        steps.add(shown(first, saveCommand(shownEndpoint(first), file)));
        steps.add(shown(first, statusCommand(file)) + "  → hash, revision, totalKey, totalSize (the backup fails if this fails)");
        steps.add("docker cp " + ShellQuote.quote(first.container() + ":" + file) + " (archive stream, read as it comes) → " + KIND
                + " artifact " + FILE + " (compressed with the run's compression), sha256, S3 + local copy, read back");
        steps.add(shown(first, removeCommand(file)) + "  (always, also after a failure)");
        if (component.nodes().size() > 1) {
            steps.add("if that member is unhealthy or cannot give a snapshot, the same steps on the next one: "
                    + String.join(", ", component.nodes().stream().skip(1).map(Node::name).toList()));
        }
        return steps;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        List<String> failures = new ArrayList<>();
        for (Node node : component.nodes()) {
            if (node.engine() == null || node.container() == null) {
                failures.add(node.name() + ": not in a container (this method runs etcdctl by docker exec)");
                continue;
            }
            String endpoint = endpointOf(node);
            if (endpoint == null) {
                failures.add(node.name() + ": no 'client' endpoint in the inventory");
                continue;
            }
            DockerEngine engine = inventory.engine(node.engine());
            String file = TMP_DIR + "/runbook-etcd-" + run.stamp() + "-" + UUID.randomUUID().toString().substring(0, 8) + ".db";
            try {
                long start = System.nanoTime();
                Map<String, Object> status;
                try {
                    exec(engine, node, healthCommand(endpoint), CHECK_TIMEOUT).requireSuccess();
                    exec(engine, node, saveCommand(endpoint, file), SAVE_TIMEOUT).requireSuccess();
                    status = status(engine, node, file);
                } catch (RuntimeException e) {
                    // this member cannot give a snapshot: the next one may (nothing was stored yet)
                    log.warn("etcd/{}: no snapshot from this member: {}", node.name(), e.getMessage());
                    failures.add(node.name() + ": " + e.getMessage());
                    continue;
                }
                long saveMillis = millisSince(start);
                AtomicLong fileBytes = new AtomicLong();
                long storeStart = System.nanoTime();
                StoredArtifact artifact = store.store(run, component, node.name(), KIND, FILE, run.compression(),
                        out -> fileBytes.set(copyOut(engine, node, file, out)));
                Map<String, Object> measurements = new LinkedHashMap<>(status);
                measurements.put("node", node.name());
                measurements.put("endpoint", endpoint);
                measurements.put("snapshotBytes", fileBytes.get());
                measurements.put("storedBytes", artifact.size());
                measurements.put("saveMillis", saveMillis);
                measurements.put("storeMillis", millisSince(storeStart));
                if (!failures.isEmpty()) measurements.put("skippedMembers", String.join("; ", failures));
                return new ComponentBackupResult(List.of(artifact), measurements);
            } finally {
                removeQuietly(engine, node, file);
            }
        }
        throw new IllegalStateException("etcd: no member gave a snapshot: " + String.join("; ", failures));
    }

    /** {@code etcdctl snapshot status -w json}: proves the file is a readable bolt database, and says what is in it. */
    private Map<String, Object> status(DockerEngine engine, Node node, String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result = docker.exec(engine, node.container(), statusCommand(file), out, CHECK_TIMEOUT);
        result.requireSuccess();
        String text = out.toString(StandardCharsets.UTF_8).strip();
        try {
            JsonNode json = JSON.readTree(text);
            Map<String, Object> status = new LinkedHashMap<>();
            for (String field : List.of("hash", "revision", "totalKey", "totalSize")) {
                JsonNode value = json.get(field);
                if (value == null || !value.canConvertToLong()) {
                    throw new IllegalStateException("snapshot status has no numeric '" + field + "': " + text);
                }
                status.put(field, value.asLong());
            }
            return status;
        } catch (IOException e) {
            throw new IllegalStateException("snapshot status did not answer JSON: " + text, e);
        }
    }

    /** Streams the one file out of the container's archive stream; returns its size. */
    private long copyOut(DockerEngine engine, Node node, String file, OutputStream out) throws IOException {
        try (InputStream archive = docker.archiveFrom(engine, node.container(), file);
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                throw new IOException("etcd/" + node.name() + ": the archive of " + file + " holds no regular file");
            }
            long copied = tar.transferTo(out);
            if (copied != entry.getSize()) {
                throw new IOException("etcd/" + node.name() + ": " + file + " came out with " + copied + " of "
                        + entry.getSize() + " bytes");
            }
            if (tar.getNextEntry() != null) {
                throw new IOException("etcd/" + node.name() + ": the archive of " + file + " holds more than one entry");
            }
            return copied;
        }
    }

    private void removeQuietly(DockerEngine engine, Node node, String file) {
        try {
            ExecResult result = exec(engine, node, removeCommand(file), CHECK_TIMEOUT);
            if (!result.ok()) {
                log.warn("etcd/{}: could not remove {} in container {}: {}", node.name(), file, node.container(),
                        new RemoteCommandException(result).getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("etcd/{}: could not remove {} in container {}: {}", node.name(), file, node.container(), e.getMessage());
        }
    }

    private ExecResult exec(DockerEngine engine, Node node, List<String> command, Duration timeout) {
        return docker.exec(engine, node.container(), command, OutputStream.nullOutputStream(), timeout);
    }

    private static String endpointOf(Node node) {
        return node.endpoints().get("client");
    }

    private static String shownEndpoint(Node node) {
        String endpoint = endpointOf(node);
        return endpoint != null ? endpoint : "<no client endpoint in the inventory>";
    }

    // The endpoint goes in ETCDCTL_ENDPOINTS, not --endpoints: etcdctl 3.4 exits when a flag shadows an
    // ETCDCTL_* variable that the container already sets (the lab's etcd container sets ETCDCTL_ENDPOINTS).
    // `env` sets it for the one command without a shell, so nothing is interpreted.
    static List<String> healthCommand(String endpoint) {
        return List.of("env", "ETCDCTL_API=3", "ETCDCTL_ENDPOINTS=" + endpoint, "etcdctl", "endpoint", "health");
    }

    static List<String> saveCommand(String endpoint, String file) {
        return List.of("env", "ETCDCTL_API=3", "ETCDCTL_ENDPOINTS=" + endpoint, "etcdctl", "snapshot", "save", file);
    }

    static List<String> statusCommand(String file) {
        return List.of("env", "ETCDCTL_API=3", "etcdctl", "snapshot", "status", "-w", "json", file);
    }

    /** etcdctl writes {@code <file>.part} first and renames it: a failed save leaves that one. */
    static List<String> removeCommand(String file) {
        return List.of("rm", "-f", file, file + ".part");
    }

    /** As an operator would type it: words quoted for a shell where they need it. */
    private static String shown(Node node, List<String> command) {
        return "docker exec " + ShellQuote.quote(String.valueOf(node.container())) + " "
                + ShellQuote.join(command.toArray(String[]::new));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
