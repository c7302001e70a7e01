package com.logicor.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared heads of the backup methods: the first node that gives a copy, and results that name every failure. */
class FirstNodeTest {

    final ComponentSpec etcd = Records.of(ComponentSpec.class, Map.of("id", "etcd", "nodes", List.of(
            Records.of(Node.class, Map.of("name", "etcd-1")), Records.of(Node.class, Map.of("name", "etcd-2")))));

    @Test
    void theFirstNodeThatGivesItIsUsedAndTheSkippedOnesAreNamed() {
        ComponentBackupResult result = FirstNode.gives(etcd, "member", "a snapshot", node -> {
            if (node.name().equals("etcd-1")) throw new FirstNode.Skip("unhealthy");
            return new ComponentBackupResult(List.of(), Map.of("node", node.name()));
        });
        assertThat(result.measurements()).containsEntry("node", "etcd-2").containsEntry("skippedMembers", "etcd-1: unhealthy");
    }

    @Test
    void noNodeThatGivesItFailsNamingEveryReason() {
        assertThatThrownBy(() -> FirstNode.gives(etcd, "member", "a snapshot", node -> {
            throw new FirstNode.Skip("down");
        })).hasMessage("etcd: no member gave a snapshot: etcd-1: down; etcd-2: down");
    }

    @Test
    void aFailureAfterStoringBeganIsNotSkipped() {
        assertThatThrownBy(() -> FirstNode.gives(etcd, "member", "a snapshot", node -> {
            throw new ArtifactFailedException("etcd/etcd-1 snapshot: upload failed", new RuntimeException());
        })).hasMessage("etcd/etcd-1 snapshot: upload failed");
    }

    @Test
    void aResultWithFailuresThrowsNamingThemAll() {
        ComponentBackupResult.Builder result = ComponentBackupResult.builder().measure("nodes", 2).fail("ch-2 config: no config_paths");
        assertThatThrownBy(() -> result.build("clickhouse"))
                .hasMessage("clickhouse: 1 failed (0 artifact(s) stored and verified): ch-2 config: no config_paths");
        assertThat(ComponentBackupResult.builder().measure("nodes", 2).build("clickhouse").measurements()).containsEntry("nodes", 2);
    }
}
