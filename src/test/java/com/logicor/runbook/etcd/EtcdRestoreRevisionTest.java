package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The revision and hash the backup recorded: shown before the restore, the revision checked after it. */
class EtcdRestoreRevisionTest {

    final EtcdGateway gateway = mock(EtcdGateway.class);
    final EtcdRestore restore = new EtcdRestore(null, null, null, null, gateway);
    final ComponentSpec etcd = Records.of(ComponentSpec.class, Map.of("id", "etcd", "nodes", List.of(
            member("etcd-1", "http://10.0.0.1:2379"), member("etcd-2", "http://10.0.0.2:2379"))));

    static Node member(String name, String client) {
        return Records.of(Node.class, Map.of("name", name, "engine", "docker-1", "container", name, "endpoints", Map.of("client", client)));
    }

    static BackupArtifact snapshot(Long revision, Long hash) {
        Map<String, Object> fields = new HashMap<>(Map.of("id", "a1", "component", "etcd", "kind", "snapshot"));
        if (revision != null) fields.put("etcdRevision", revision);
        if (hash != null) fields.put("etcdHash", hash);
        return Records.of(BackupArtifact.class, fields);
    }

    @Test
    void everyMemberAtOrAboveTheRecordedRevisionPasses() {
        when(gateway.revision("http://10.0.0.1:2379")).thenReturn(7041L);
        when(gateway.revision("http://10.0.0.2:2379")).thenReturn(7042L);
        assertThat(EtcdRestore.recorded(snapshot(7041L, 3735928559L))).isEqualTo("snapshot revision 7041, hash 3735928559");
        assertThat(restore.requireRecordedRevision(etcd, snapshot(7041L, 3735928559L)))
                .isEqualTo("recorded revision 7041; after the restore: etcd-1 7041, etcd-2 7042");
    }

    @Test
    void aMemberBelowTheRecordedRevisionFailsTheRestore() {
        when(gateway.revision("http://10.0.0.1:2379")).thenReturn(7041L);
        when(gateway.revision("http://10.0.0.2:2379")).thenReturn(12L);
        assertThatThrownBy(() -> restore.requireRecordedRevision(etcd, snapshot(7041L, 1L)))
                .hasMessage("etcd member etcd-2 is at revision 12 after the restore, below the snapshot's recorded revision 7041");
    }

    @Test
    void aBackupWithoutARecordedRevisionIsNotCompared() {
        assertThat(restore.requireRecordedRevision(etcd, snapshot(null, null))).startsWith("not checked: snapshot revision and hash: not recorded");
        verifyNoInteractions(gateway);
    }
}
