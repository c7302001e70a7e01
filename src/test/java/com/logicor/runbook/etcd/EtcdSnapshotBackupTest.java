package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan as an operator reads it in history: the exact commands, nothing stopped. */
class EtcdSnapshotBackupTest {

    final EtcdSnapshotBackup backup = new EtcdSnapshotBackup(null, null, null);

    static Node member(String name, String endpoint) {
        return Records.of(Node.class, Map.of("name", name, "engine", "docker-1", "container", name,
                "volume", "logiq_etcd-data", "endpoints", Map.of("client", endpoint, "peer", "http://10.20.0.31:2380")));
    }

    @Test
    void planIsAnOnlineSnapshotWithExactCommands() {
        ComponentSpec etcd = Records.of(ComponentSpec.class, Map.of("id", "etcd",
                "nodes", List.of(member("etcd", "http://10.20.0.31:2379"))));
        assertThat(backup.component()).isEqualTo(com.logicor.runbook.inventory.ComponentId.of("etcd"));
        assertThat(backup.plan(etcd)).containsExactly(
                "online snapshot from member etcd (container etcd on engine docker-1); etcd keeps serving, nothing is stopped",
                "docker exec etcd env ETCDCTL_API=3 ETCDCTL_ENDPOINTS=http://10.20.0.31:2379 etcdctl endpoint health",
                "docker exec etcd env ETCDCTL_API=3 ETCDCTL_ENDPOINTS=http://10.20.0.31:2379 etcdctl snapshot save "
                        + "'/tmp/runbook-etcd-<unique>.db'",
                "docker exec etcd env ETCDCTL_API=3 etcdctl snapshot status -w json '/tmp/runbook-etcd-<unique>.db'"
                        + "  → hash, revision, totalKey, totalSize (the backup fails if this fails)",
                "docker cp 'etcd:/tmp/runbook-etcd-<unique>.db' (archive stream, read as it comes) → snapshot artifact "
                        + "snapshot.db (compressed with the run's compression), sha256, S3 + local copy, read back",
                "docker exec etcd rm -f '/tmp/runbook-etcd-<unique>.db' '/tmp/runbook-etcd-<unique>.db.part'"
                        + "  (always, also after a failure)");
        assertThat(String.join("\n", backup.plan(etcd))).doesNotContain("docker stop", "docker start", "--data-dir");
    }

    @Test
    void planNamesTheFallbackMembers() {
        ComponentSpec etcd = Records.of(ComponentSpec.class, Map.of("id", "etcd", "nodes", List.of(
                member("etcd-1", "http://10.0.0.1:2379"), member("etcd-2", "http://10.0.0.2:2379"),
                member("etcd-3", "http://10.0.0.3:2379"))));
        List<String> plan = backup.plan(etcd);
        assertThat(plan.get(1)).isEqualTo("docker exec etcd-1 env ETCDCTL_API=3 ETCDCTL_ENDPOINTS=http://10.0.0.1:2379 "
                + "etcdctl endpoint health");
        assertThat(plan).last().isEqualTo(
                "if that member is unhealthy or cannot give a snapshot, the same steps on the next one: etcd-2, etcd-3");
    }
}
