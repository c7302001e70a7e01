package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdJoinTest {

    static Node member(int i, Map<String, String> extra) {
        Map<String, String> endpoints = new java.util.HashMap<>(Map.of("client", "http://127.0.0.1:2379" + i, "peer", "http://127.0.0.1:2380" + i));
        endpoints.putAll(extra);
        return new Node("etcd-" + i, null, "docker-1", "etcd-" + i, "etcd-" + i + "-data", endpoints, null, null);
    }

    static ComponentSpec etcd(List<String> dataPaths, Node... nodes) {
        return new ComponentSpec("etcd", List.of(nodes), null, dataPaths, null, null, null, null, null, null, null, null, null, null, null);
    }

    static final List<EtcdMember> AFTER_ADD = List.of(
            new EtcdMember("1", "etcd-1", List.of("http://127.0.0.1:23801"), List.of("http://127.0.0.1:23791")),
            new EtcdMember("2", "etcd-2", List.of("http://127.0.0.1:23802"), List.of("http://127.0.0.1:23792")),
            new EtcdMember("3", "", List.of("http://127.0.0.1:23803"), List.of()));

    @Test
    void theInitialClusterIsTheStartedMembersPlusTheJoiningOne() {
        Node lost = member(3, Map.of());
        EtcdJoin join = EtcdJoin.of(etcd(List.of(), member(1, Map.of()), member(2, Map.of()), lost), lost, AFTER_ADD, Duration.ofMinutes(2));
        assertThat(join.initialCluster()).isEqualTo("etcd-1=http://127.0.0.1:23801,etcd-2=http://127.0.0.1:23802,etcd-3=http://127.0.0.1:23803");
        assertThat(join.etcdCommand()).containsSubsequence("--initial-cluster-state", "existing")
                .containsSubsequence("--name", "etcd-3").containsSubsequence("--data-dir", "/etcd-data")
                .containsSubsequence("--initial-advertise-peer-urls", "http://127.0.0.1:23803")
                .containsSubsequence("--listen-peer-urls", "http://127.0.0.1:23803")
                .containsSubsequence("--listen-client-urls", "http://127.0.0.1:23793")
                .containsSubsequence("--advertise-client-urls", "http://127.0.0.1:23793")
                .doesNotContain("new");
    }

    @Test
    void theDataDirComesFromTheInventoryWhenGiven() {
        Node lost = member(3, Map.of());
        EtcdJoin join = EtcdJoin.of(etcd(List.of("/var/lib/etcd"), member(1, Map.of()), member(2, Map.of()), lost), lost, AFTER_ADD, Duration.ofMinutes(2));
        assertThat(join.etcdCommand()).containsSubsequence("--data-dir", "/var/lib/etcd");
    }

    @Test
    void aSecondUnstartedMemberIsRefused() {
        List<EtcdMember> two = List.of(AFTER_ADD.get(0), AFTER_ADD.get(2),
                new EtcdMember("4", "", List.of("http://127.0.0.1:23804"), List.of()));
        assertThatThrownBy(() -> EtcdJoin.initialCluster("etcd-3", "http://127.0.0.1:23803", two))
                .hasMessageContaining("only one member can join at a time");
    }

    @Test
    void theScriptClearsAPartialJoinWaitsForALinearizableReadAndStopsEtcd() {
        Node lost = member(3, Map.of());
        String script = EtcdJoin.of(etcd(List.of("/etcd data"), member(1, Map.of()), lost), lost, AFTER_ADD, Duration.ofSeconds(90)).script().text();
        assertThat(script).contains("rm -rf '/etcd data/member'; ")
                .contains("etcd --name etcd-3 --data-dir '/etcd data' --initial-cluster etcd-1=http://127.0.0.1:23801,etcd-2=http://127.0.0.1:23802,etcd-3=http://127.0.0.1:23803 --initial-cluster-state existing")
                .contains("ETCDCTL_API=3 ETCDCTL_ENDPOINTS=http://127.0.0.1:23793 ETCDCTL_COMMAND_TIMEOUT=3s etcdctl endpoint health")
                .contains("-ge 90 ]").contains("echo joined; kill -TERM $pid; wait $pid");
    }
}
