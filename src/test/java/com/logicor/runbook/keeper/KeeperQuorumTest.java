package com.logicor.runbook.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading srvr and counting a quorum. */
class KeeperQuorumTest {

    static final String FOLLOWER = """
            ClickHouse Keeper version: v24.3.2.23-lts-7d6b4a4e7a4
            Latency min/avg/max: 0/0/12
            Received: 1205
            Sent: 1207
            Connections: 3
            Outstanding: 0
            Zxid: 0x1d2
            Mode: follower
            Node count: 118
            """;

    @Test
    void srvrGivesModeZxidAndNodeCount() {
        KeeperSrvr s = KeeperSrvr.parse("keeper-2", FOLLOWER);
        assertThat(s.mode()).isEqualTo("follower");
        assertThat(s.zxid()).isEqualTo("0x1d2");
        assertThat(s.nodeCount()).isEqualTo(118);
        assertThat(s.serving()).isTrue();
        KeeperSrvr looking = KeeperSrvr.parse("keeper-3", "This ZooKeeper instance is not currently serving requests\n");
        assertThat(looking.serving()).isFalse();
        assertThat(looking.mode()).contains("not currently serving");
    }

    @Test
    void quorumIsALeaderAndAMajorityServing() {
        KeeperSrvr leader = new KeeperSrvr("k1", "leader", "0x1", 5, null);
        KeeperSrvr follower = new KeeperSrvr("k2", "follower", "0x1", 5, null);
        KeeperSrvr down = new KeeperSrvr("k3", "unreachable (Connection refused)", "", -1, "refused");
        assertThat(KeeperNodeLoss.hasQuorum(List.of(leader, follower, down), 3)).isTrue();
        assertThat(KeeperNodeLoss.hasQuorum(List.of(leader, down, down), 3)).isFalse();
        assertThat(KeeperNodeLoss.hasQuorum(List.of(follower, follower, down), 3)).as("no leader elected").isFalse();
        assertThat(KeeperNodeLoss.hasQuorum(List.of(leader, follower, down, down), 4)).as("2 of 4 is no majority").isFalse();
        assertThat(new KeeperNodeLoss.QuorumState(List.of(leader, follower, down), true).lost()).containsExactly("k3");
    }
}
