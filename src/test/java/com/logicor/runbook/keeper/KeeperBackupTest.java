package com.logicor.runbook.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.ssh.SshHosts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plan text and the all-or-nothing start of the Keeper backup (the real run is KeeperBackupIT). */
class KeeperBackupTest {

    static Node node(int n) {
        return Records.of(Node.class, Map.of("name", "keeper-" + n, "host", "keeper-" + n));
    }

    static Host host(int n) {
        return Records.of(Host.class, Map.of("id", "keeper-" + n, "address", "10.20.0.2" + n, "user", "runbook",
                "privateKeyFile", "/etc/runbook/ssh/id_ed25519"));
    }

    final ComponentSpec keeper = Records.of(ComponentSpec.class, Map.of("id", "keeper", "nodes", List.of(node(1), node(2), node(3)),
            "configPaths", List.of("/etc/clickhouse-keeper/"), "dataPaths", List.of("/var/lib/clickhouse/coordination/")));
    final Inventory inventory = Records.of(Inventory.class, Map.of("site", "t", "hosts", List.of(host(1), host(2), host(3))));
    final SshHosts ssh = mock(SshHosts.class);
    final ArtifactStore store = mock(ArtifactStore.class);

    @Test
    void planArchivesBothTreesOfEveryNodeAtOnce() {
        List<String> plan = new KeeperBackup(inventory, ssh, store).plan(keeper);
        plan.forEach(System.out::println);
        assertThat(plan).contains("  keeper-2: ssh runbook@10.20.0.22:22 'LC_ALL=C tar -C / -cf - etc/clickhouse-keeper "
                + "var/lib/clickhouse/coordination' → keeper artifact keeper-2.tar (compressed with the run's compression), "
                + "sha256, S3 + local copy, read back");
        assertThat(plan.get(0)).contains("all 3 nodes at once");
    }

    @Test
    void aNodeThatCannotBeArchivedStopsTheWholeSetBeforeAnythingStarts() {
        Node inDocker = Records.of(Node.class, Map.of("name", "keeper-3", "engine", "docker-1", "container", "keeper"));
        ComponentSpec broken = Records.with(keeper, "nodes", List.of(node(1), node(2), inDocker));
        BackupRunContext run = mock(BackupRunContext.class);
        assertThatThrownBy(() -> new KeeperBackup(inventory, ssh, store).run(broken, run))
                .hasMessageContaining("keeper: cannot archive all nodes at once: keeper-3: not on an SSH host");
        verifyNoInteractions(ssh, store);
    }
}
