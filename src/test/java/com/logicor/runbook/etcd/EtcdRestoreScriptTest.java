package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdRestoreScriptTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "3f2a9c1e-8b7d-11ef-9a1b-0242ac120002 | runbook-restore-3f2a9c1e",
            "12345                                | runbook-restore-12345",
            "a-b                                  | runbook-restore-ab",
    })
    void theTokenIsComputedFromTheProcessInstance(String processInstanceId, String token) {
        assertThat(EtcdRestore.clusterToken(processInstanceId)).isEqualTo(token);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "x; touch /pwned",
            "runbook-restore-abc; reboot",
            "runbook-restore-",
            "runbook-restore-123456789",
            "runbook-restore-$(id)",
            "other-3f2a9c1e",
    })
    void aTokenOfAnyOtherFormIsRefusedBeforeAScriptIsBuilt(String token) {
        Node n = new Node("etcd-1", null, "docker-1", "etcd-1", "etcd-1-data",
                Map.of("client", "http://127.0.0.1:23791", "peer", "http://127.0.0.1:23801"), null, null);
        ComponentSpec etcd = new ComponentSpec("etcd", List.of(n), null, List.of(), null, null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> EtcdRestore.restoreScript(etcd, n, token)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an etcd cluster token");
    }

    @Test
    void everyValueInTheRestoreScriptIsOneQuotedWord() {
        Node n = new Node("etcd 1", null, "docker-1", "etcd-1", "etcd-1-data",
                Map.of("client", "http://127.0.0.1:23791", "peer", "http://127.0.0.1:23801"), null, null);
        ComponentSpec etcd = new ComponentSpec("etcd", List.of(n), null, List.of("/etcd data"), null, null, null, null, null, null, null, null, null, null, null);
        String script = EtcdRestore.restoreScript(etcd, n, "runbook-restore-3f2a9c1e").text();
        assertThat(script).contains("--name 'etcd 1'", "--initial-cluster 'etcd 1=http://127.0.0.1:23801'",
                "--initial-cluster-token runbook-restore-3f2a9c1e", "--data-dir '/etcd data/.runbook-restore/data'",
                "rm -rf '/etcd data/member'; mv '/etcd data/.runbook-restore/data/member' '/etcd data/member'");
    }
}
