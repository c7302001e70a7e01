package com.logicor.runbook.etcd;

import com.logicor.runbook.lab.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.security.RunbookGroups;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The regulation's "Потеря узла ETCD" as a drill on a scratch three-member etcd cluster ({@link DrillEtcdCluster};
 * the lab's own etcd is not touched): the runbook runs on the lab's inventory with its etcd replaced by the
 * drill members. One member lost with its data → after bob's approval three healthy members with the keys;
 * a dry run touches nothing; without quorum the process takes restore-etcd.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdNodeLossIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOB = "bob";
    static final String BOB_PASSWORD = "bob-pass-etcd";
    static final int SEED_KEYS = 64;

    static DrillEtcdCluster cluster;
    static String seed;

    // the runbook on the lab's inventory with its etcd replaced by the scratch cluster, removed after the app stopped
    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp()
            .inventory((lab, dir) -> {
                cluster = DrillEtcdCluster.start(dir);
                seed = cluster.seed(SEED_KEYS);
                assertThat(seed).startsWith(SEED_KEYS + " keys");
                return cluster.inventory(lab.inventoryFile(), dir.resolve("inventory.yml"));
            })
            .diagnostics(() -> cluster == null ? "" : cluster.logTails())
            .logsOf("podman-service")
            .afterApp(() -> {
                if (cluster != null) cluster.close();
            });
    static RunbookApp app;

    @BeforeAll
    static void bob() {
        TestUsers.ensure(app.bean(IdentityService.class), BOB, BOB_PASSWORD, RunbookGroups.RECOVERY_APPROVERS);
    }

    @BeforeEach
    void allMembersUp() throws Exception {
        cluster.ensureUp();
    }

    @Test
    @Order(1)
    void aDryRunRecordsThePlanAndTouchesNothing() throws Exception {
        Map<String, String> ids = cluster.memberIds();
        cluster.stop(3);

        String pi = app.start(EtcdNodeLossSteps.KEY, Map.of("dryRun", true));
        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(2));

        assertThat(done.getEndActivityId()).isEqualTo("end_dry_run");
        assertThat(app.variable(pi, "quorum")).isEqualTo(true);
        assertThat(app.variable(pi, "lostMember")).isEqualTo("drill-etcd-3");
        assertThat((String) app.variable(pi, "nodeLossEvidence")).contains("2 of 3 members healthy, 2 needed: quorum")
                .contains("drill-etcd-3: UNHEALTHY");
        assertThat((String) app.variable(pi, "nodeLossPlan"))
                .contains("/v3/cluster/member/remove {\"ID\":\"" + ids.get("drill-etcd-3") + "\"}")
                .contains("rm -rf /etcd-data/member")
                .contains("/v3/cluster/member/add {\"peerURLs\":[\"http://127.0.0.1:23803\"]}")
                .contains("--initial-cluster drill-etcd-1=http://127.0.0.1:23801,drill-etcd-2=http://127.0.0.1:23802,drill-etcd-3=http://127.0.0.1:23803")
                .contains("--initial-cluster-state existing")
                .contains("docker start drill-etcd-3");
        assertThat(cluster.memberIds()).as("no membership change").isEqualTo(ids);
        assertThat(cluster.running(3)).as("the stopped member stays stopped").isFalse();
    }

    @Test
    @Order(2)
    void oneOfThreeLostWithItsDataEndsWithThreeHealthyMembersAndTheKeys() throws Exception {
        Map<String, String> before = cluster.memberIds();
        cluster.lose(3);

        String pi = app.start(EtcdNodeLossSteps.KEY, Map.of("approvalRequired", true));
        Task approval = app.awaitTask(pi, Duration.ofMinutes(1));
        assertThat(approval.getTaskDefinitionKey()).isEqualTo("task_approve_replacement");
        assertThat(app.variable(pi, "lostMember")).isEqualTo("drill-etcd-3");
        assertThat(cluster.running(3)).as("nothing happens before the approval").isFalse();
        HttpResponse<String> completed = rest(BOB, "/engine-rest/task/" + approval.getId() + "/complete",
                Map.of("variables", Map.of("approved", Map.of("value", true, "type", "Boolean"))));
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);

        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).as(String.valueOf(app.variable(pi, "failure"))).isEqualTo("end_replaced");

        Map<String, String> after = cluster.memberIds();
        assertThat(after.keySet()).containsExactly("drill-etcd-1", "drill-etcd-2", "drill-etcd-3");
        assertThat(after.get("drill-etcd-1")).isEqualTo(before.get("drill-etcd-1"));
        assertThat(after.get("drill-etcd-2")).isEqualTo(before.get("drill-etcd-2"));
        assertThat(after.get("drill-etcd-3")).as("a new member took the lost one's place").isNotEqualTo(before.get("drill-etcd-3"));
        assertThat(app.variable(pi, "removedMemberId")).isEqualTo(before.get("drill-etcd-3"));
        assertThat(app.variable(pi, "addedMemberId")).isEqualTo(after.get("drill-etcd-3"));
        for (int i = 1; i <= DrillEtcdCluster.MEMBERS; i++) {
            assertThat(cluster.healthy(i)).as("member " + i + " healthy").isTrue();
            assertThat(cluster.digest(i)).as("member " + i + " holds the seeded keys").isEqualTo(seed);
        }
        assertThat(cluster.running(3)).as("the member's own container runs again").isTrue();
        assertThat((String) app.variable(pi, "checkResult")).contains("3 members healthy and started");
        assertThat(app.bean(com.logicor.runbook.approval.ApprovalRecords.class).ofRoot(pi))
                .as("bob's approval is the evidence").anyMatch(r -> r.approved() && r.approver().equals(BOB));
    }

    @Test
    @Order(3)
    void withoutQuorumTheProcessTakesRestoreEtcd() throws Exception {
        String backupRun = app.backUp("etcd").id();
        Map<String, String> ids = cluster.memberIds();
        cluster.stop(2);
        cluster.stop(3);

        String pi = app.start(EtcdNodeLossSteps.KEY, Map.of("dryRun", true, "backupRunId", backupRun));
        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(3));

        assertThat(done.getEndActivityId()).isEqualTo("end_restore_called");
        assertThat(app.variable(pi, "quorum")).isEqualTo(false);
        assertThat((String) app.variable(pi, "nodeLossEvidence")).contains("of 3 members healthy, 2 needed: no quorum")
                // the survivor has no leader, so it says it is not healthy either
                .contains("drill-etcd-2: UNHEALTHY").contains("drill-etcd-3: UNHEALTHY");
        assertThat(app.bean(HistoryService.class).createHistoricActivityInstanceQuery().processInstanceId(pi)
                .activityId("call_restore_etcd").finished().count()).isEqualTo(1);
        assertThat((String) app.variable(pi, "restorePlan")).contains("snapshot restore")
                .contains("--initial-cluster drill-etcd-1=http://127.0.0.1:23801,drill-etcd-2=http://127.0.0.1:23802,drill-etcd-3=http://127.0.0.1:23803");
        assertThat(app.variable(pi, "backupRunId")).isEqualTo(backupRun);
        assertThat(cluster.running(2) || cluster.running(3)).as("the dry run started nothing").isFalse();
        cluster.ensureUp();
        assertThat(cluster.memberIds()).isEqualTo(ids);
    }

    @Test
    @Order(4)
    void aJoinThatCannotStartTakesTheFinallyPathAndASecondRunFinishesTheReplacement() throws Exception {
        cluster.lose(3);
        String failed;
        // the member's peer port taken: the join's etcd cannot listen and exits at once
        try (ServerSocket taken = new ServerSocket(23803, 1, InetAddress.getByName("127.0.0.1"))) {
            failed = app.start(EtcdNodeLossSteps.KEY, Map.of("approvalRequired", false));
            assertThat(app.awaitEnd(failed, Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_failed");
        }
        assertThat((String) app.variable(failed, "failure")).startsWith("Join with initial-cluster-state existing: join of drill-etcd-3 exited 1")
                .contains("address already in use");
        assertThat((String) app.variable(failed, "finallyNote")).contains("left stopped").contains("lostMember=drill-etcd-3");
        assertThat(cluster.running(3)).as("not started on an emptied data dir").isFalse();
        assertThat(cluster.healthy(1) && cluster.healthy(2)).as("the healthy members were left alone").isTrue();

        String again = app.start(EtcdNodeLossSteps.KEY, Map.of("approvalRequired", false, "lostMember", "drill-etcd-3"));
        assertThat(app.awaitEnd(again, Duration.ofMinutes(5)).getEndActivityId()).as(String.valueOf(app.variable(again, "failure")))
                .isEqualTo("end_replaced");
        assertThat(app.variable(again, "removedMemberId")).as("the unstarted entry of the failed run was removed")
                .isEqualTo(app.variable(failed, "addedMemberId"));
        assertThat(cluster.memberIds().keySet()).containsExactly("drill-etcd-1", "drill-etcd-2", "drill-etcd-3");
        for (int i = 1; i <= DrillEtcdCluster.MEMBERS; i++) {
            assertThat(cluster.digest(i)).as("member " + i + " holds the seeded keys").isEqualTo(seed);
        }
    }

    static HttpResponse<String> rest(String user, String path, Object body) throws Exception {
        int port = app.port();
        String auth = user + ":" + BOB_PASSWORD;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
