package com.logicor.runbook.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.LabServices;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.lab.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** keeper-node-loss on the lab's three-node Keeper stand-in: one node lost → replaced; two lost → restore-keeper. */
class KeeperNodeLossIT {

    // a test that leaves a node's files changed or a node stopped gets the lab reseeded after it (LabExtension)
    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(KeeperDrill::new);
    static Lab lab;
    static RunbookApp app;
    static ComponentSpec keeper;

    @BeforeAll
    static void keeper() {
        keeper = lab.inventory().component(ComponentId.of("keeper"));
    }

    static JsonNode seed() {
        return lab.seed("keeper");
    }

    @Test
    void aLostNodeIsReplacedWithItsServerIdAndCatchesUpWithTheLeader() throws Exception {
        awaitServing(3);
        String healthy = app.start(KeeperNodeLossSteps.KEY, Map.of());
        assertThat(app.awaitEnd(healthy, Duration.ofMinutes(1)).getEndActivityId()).isEqualTo("end_nothing_lost");

        app.backUp("keeper");
        labService("keeper-3", "stop");
        Path node3 = lab.dir().resolve("keeper-3");
        deleteContents(node3.resolve("coordination"));
        Files.delete(node3.resolve("etc/clickhouse-keeper/keeper_config.xml"));
        awaitServing(2);

        String pi = app.start(KeeperNodeLossSteps.KEY, Map.of("approvalRequired", false));
        var done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).as(String.valueOf(app.variable(pi, "failure"))).isEqualTo("end_replaced");
        assertThat(app.variable(pi, "lostNodes")).isEqualTo(List.of("keeper-3"));
        assertThat((String) app.variable(pi, "restorePlan"))
                .contains("lab-service keeper-3 stop").contains("tar -x -p -C / -f - -- var/lib/runbook-lab/keeper-3/etc/clickhouse-keeper")
                .doesNotContain("keeper-1 stop").doesNotContain("keeper-2 stop");

        assertThat(sha256(node3.resolve("etc/clickhouse-keeper/keeper_config.xml")))
                .as("same server_id and raft_configuration: the node's own config back")
                .isEqualTo(seed().path("keeper-3").path("config_sha256").path("etc/clickhouse-keeper/keeper_config.xml").asText());
        KeeperNodeLoss.QuorumState state = app.bean(KeeperNodeLoss.class).check(keeper);
        assertThat(state.quorum()).isTrue();
        assertThat(state.lost()).isEmpty();
        KeeperSrvr leader = state.leader().orElseThrow();
        KeeperSrvr replaced = state.nodes().stream().filter(n -> n.node().equals("keeper-3")).findFirst().orElseThrow();
        assertThat(replaced.mode()).isEqualTo("follower");
        assertThat(replaced.nodeCount()).as("the leader's snapshot arrived").isEqualTo(leader.nodeCount()).isGreaterThan(0);
        assertThat((String) app.variable(pi, "keeperModes")).contains("keeper-3=follower");
    }

    @Test
    void withoutQuorumTheWholeEnsembleIsRestoredFromBackup() throws Exception {
        app.backUp("keeper");
        Path config1 = lab.dir().resolve("keeper-1/etc/clickhouse-keeper/keeper_config.xml");
        String before = sha256(config1);
        try {
            labService("keeper-2", "stop");
            labService("keeper-3", "stop");
            String pi = app.start(KeeperNodeLossSteps.KEY, Map.of("dryRun", true));
            var done = app.awaitEnd(pi, Duration.ofMinutes(3));
            assertThat(done.getEndActivityId()).isEqualTo("end_restore_called");
            assertThat(app.variable(pi, "quorum")).isEqualTo(false);
            assertThat(app.bean(HistoryService.class).createHistoricActivityInstanceQuery().processInstanceId(pi)
                    .activityId("call_restore_keeper").finished().count()).isEqualTo(1);
            assertThat((String) app.variable(pi, "restorePlan")).as("restore-keeper's plan, every node")
                    .contains("keeper-1 stop").contains("keeper-2 stop").contains("keeper-3 stop").contains("srvr");
            assertThat(sha256(config1)).as("a dry run touches nothing").isEqualTo(before);
        } finally {
            labService("keeper-2", "start");
            labService("keeper-3", "start");
        }
        awaitServing(3);
    }

    static void awaitServing(int count) {
        await("keeper: quorum with " + count + " serving").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> new KeeperNodeLoss(null).check(keeper),
                        state -> state.quorum() && state.nodes().stream().filter(KeeperSrvr::serving).count() == count);
    }

    static void labService(String node, String action) {
        LabServices.labService(lab, node, action); // a start waits until the node serves
    }

    static void deleteContents(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) Files.delete(p);
            }
        }
    }

    static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return TestData.sha256Of(in);
        }
    }
}
