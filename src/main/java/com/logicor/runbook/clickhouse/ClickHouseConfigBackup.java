package com.logicor.runbook.clickhouse;

import com.logicor.runbook.hostfiles.HostPathArchive;
import com.logicor.runbook.backup.ArtifactFailedException;
import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.ssh.SshHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The regulation's {@code cp -r /etc/clickhouse-server/ "$BACKUP_DIR/config/"}, on EVERY node, as a tar
 * streamed over SSH straight into the artifact store: no copy on the VM, no temporary file here.
 */
@Component
public class ClickHouseConfigBackup {

    static final String KIND = "config";

    private final Inventory inventory;
    private final SshHosts ssh;
    private final ArtifactStore store;

    public ClickHouseConfigBackup(Inventory inventory, SshHosts ssh, ArtifactStore store) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.store = store;
    }

    static String fileName(Node node) {
        return node.name() + "-config.tar";
    }

    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        for (Node node : component.nodes()) {
            List<String> paths = component.configPathsOf(node);
            if (!node.onHost() || paths.isEmpty()) {
                steps.add("config of " + node.name() + ": CANNOT be archived (" + (node.onHost() ? "no config_paths" : "not on an SSH host") + ")");
                continue;
            }
            Host host = inventory.host(node.host());
            steps.add("config of " + node.name() + ": ssh " + host.user() + "@" + host.address() + ":" + host.port() + " '"
                    + HostPathArchive.command(paths) + "' → " + KIND + " artifact " + fileName(node)
                    + " (compressed with the run's compression), sha256, S3 + local copy, read back; a non-zero exit fails it"
                    + " (exit 1 only passes when every message is 'file changed as we read it')");
        }
        return steps;
    }

    /** Every node's config into {@code result}; a node that fails is recorded there and the others go on. */
    public void backUp(ComponentSpec component, BackupRunContext run, ComponentBackupResult.Builder result) {
        for (Node node : component.nodes()) {
            List<String> paths = component.configPathsOf(node);
            if (!node.onHost()) {
                result.fail(node.name() + " config: not on an SSH host");
                continue;
            }
            if (paths.isEmpty()) {
                result.fail(node.name() + " config: no config_paths in the inventory");
                continue;
            }
            Host host = inventory.host(node.host());
            AtomicReference<HostPathArchive.Result> tar = new AtomicReference<>();
            long start = System.nanoTime();
            try {
                StoredArtifact artifact = store.store(ArtifactRequest.of(run, component, node.name(), KIND, fileName(node)),
                        out -> tar.set(HostPathArchive.stream(ssh, host, paths, out, host.commandTimeout())));
                result.artifact(artifact);
                result.measure(node.name() + ".configTarBytes", tar.get().tarBytes());
                result.measure(node.name() + ".configStoredBytes", artifact.size());
                result.measure(node.name() + ".configMillis", (System.nanoTime() - start) / 1_000_000);
                if (!tar.get().changedWhileRead().isEmpty()) {
                    result.measure(node.name() + ".configChangedWhileRead", String.join(", ", tar.get().changedWhileRead()));
                }
            } catch (ArtifactFailedException e) {
                result.fail(e.getMessage()); // already names component/node and kind
            } catch (RuntimeException e) {
                result.fail(node.name() + " config: " + e.getMessage());
            }
        }
    }
}
