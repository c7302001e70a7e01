package com.logicor.runbook.ansible;

import static com.logicor.runbook.command.ShellQuote.quote;
import org.springframework.stereotype.Component;

import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.RemoteCommandException;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.ssh.SshHosts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.output.CountingOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ansible: the deployment repository as one {@code git bundle --all} — every branch and tag with full history,
 * a single file that {@code git clone} reads. The regulation's {@code git clone --depth 1} keeps one commit of
 * one branch and no tags, which is not a backup of a repository. The bundle is made in the host's /tmp,
 * checked with {@code git bundle verify}, streamed out with {@code cat} and removed, also after a failure.
 * It is stored as is ({@link Compression#NONE}): a bundle is a packfile, already zlib-compressed.
 */
@Component
public class AnsibleBundleBackup implements ComponentBackup {

    static final String KIND = "bundle";
    static final String FILE = "ansible.bundle";
    static final String TMP_DIR = "/tmp";

    private static final Logger log = LoggerFactory.getLogger(AnsibleBundleBackup.class);
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);

    private final Inventory inventory;
    private final SshHosts ssh;
    private final ArtifactStore store;

    public AnsibleBundleBackup(Inventory inventory, SshHosts ssh, ArtifactStore store) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.store = store;
    }

    @Override
    public ComponentId component() {
        return AnsibleBlueprint.ID;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        Node first = component.nodes().get(0);
        String tmp = TMP_DIR + "/runbook-ansible-<unique>.bundle";
        String on = "ssh " + first.host() + ": ";
        List<String> steps = new ArrayList<>();
        steps.add(on + createCommand(component.repository(), tmp));
        steps.add(on + verifyCommand(component.repository(), tmp) + "  (must say \"is okay\"; the line is kept)");
        steps.add(on + streamCommand(tmp) + "  → stdout streamed to " + KIND + " artifact " + FILE
                + " as is (a packfile is already compressed), sha256, S3 + local copy, read back");
        steps.add(on + removeCommand(tmp) + "  (always, also after a failure)");
        if (component.nodes().size() > 1) {
            steps.add("if that fails before anything is stored, the same on the next node: "
                    + String.join(", ", component.nodes().stream().skip(1).map(Node::name).toList()));
        }
        return steps;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        String repository = component.repository();
        if (repository == null || repository.isBlank()) {
            throw new IllegalStateException("ansible: the inventory names no repository");
        }
        List<String> failures = new ArrayList<>();
        for (Node node : component.nodes()) {
            if (node.host() == null) {
                failures.add(node.name() + ": not on an SSH host");
                continue;
            }
            Host host = inventory.host(node.host());
            String tmp = TMP_DIR + "/runbook-ansible-" + run.stamp() + "-" + UUID.randomUUID().toString().substring(0, 8) + ".bundle";
            try {
                long start = System.nanoTime();
                String verified;
                String refs;
                try {
                    ssh.exec(host, createCommand(repository, tmp), GIT_TIMEOUT).requireSuccess();
                    ExecResult verify = ssh.exec(host, verifyCommand(repository, tmp), GIT_TIMEOUT).requireSuccess();
                    verified = lineContaining(verify.stderr() + "\n" + verify.stdout(), " is okay");
                    if (verified == null) {
                        throw new IllegalStateException("git bundle verify exited 0 without saying the bundle is okay: "
                                + (verify.stderr() + " " + verify.stdout()).strip());
                    }
                    refs = lineContaining(verify.stdout(), "The bundle contains");
                } catch (RuntimeException e) {
                    log.warn("ansible/{}: no bundle from this node: {}", node.name(), e.getMessage());
                    failures.add(node.name() + ": " + e.getMessage());
                    continue;
                }
                AtomicLong bytes = new AtomicLong();
                StoredArtifact artifact = store.store(run, component, node.name(), KIND, FILE, Compression.NONE, out -> {
                    CountingOutputStream counted = new CountingOutputStream(out);
                    ExecResult cat = ssh.execToStream(host, streamCommand(tmp), counted, GIT_TIMEOUT);
                    bytes.set(counted.getByteCount());
                    if (!cat.ok()) {
                        throw new IOException(new RemoteCommandException(cat).getMessage());
                    }
                });
                Map<String, Object> measurements = new LinkedHashMap<>();
                measurements.put("node", node.name());
                measurements.put("repository", repository);
                measurements.put("verify", verified);
                if (refs != null) measurements.put("refs", refs);
                measurements.put("bundleBytes", bytes.get());
                measurements.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                if (!failures.isEmpty()) measurements.put("skippedNodes", String.join("; ", failures));
                return new ComponentBackupResult(List.of(artifact), measurements);
            } finally {
                removeQuietly(host, node, tmp);
            }
        }
        throw new IllegalStateException("ansible: no node gave a bundle of " + repository + ": " + String.join("; ", failures));
    }

    private void removeQuietly(Host host, Node node, String tmp) {
        try {
            ExecResult rm = ssh.exec(host, removeCommand(tmp), CLEANUP_TIMEOUT);
            if (!rm.ok()) log.warn("ansible/{}: could not remove {}: {}", node.name(), tmp, new RemoteCommandException(rm).getMessage());
        } catch (RuntimeException e) {
            log.warn("ansible/{}: could not remove {}: {}", node.name(), tmp, e.getMessage());
        }
    }

    private static String lineContaining(String text, String marker) {
        for (String line : text.split("\n")) {
            if (line.contains(marker)) return line.strip();
        }
        return null;
    }

    static String createCommand(String repository, String tmp) {
        return "git -C " + quote(repository) + " bundle create " + quote(tmp) + " --all";
    }

    // Verified inside the repository: git 2.39 needs one to check a bundle's prerequisites.
    static String verifyCommand(String repository, String tmp) {
        return "git -C " + quote(repository) + " bundle verify " + quote(tmp);
    }

    static String streamCommand(String tmp) {
        return "cat " + quote(tmp);
    }

    // The .lock is git's own temporary name while it writes the bundle.
    static String removeCommand(String tmp) {
        return "rm -f " + quote(tmp) + " " + quote(tmp + ".lock");
    }
}
