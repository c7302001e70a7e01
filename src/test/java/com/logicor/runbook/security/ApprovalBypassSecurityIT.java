package com.logicor.runbook.security;

import com.logicor.runbook.lab.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.RunbookApplication;
import com.logicor.runbook.approval.ApprovalRecord;
import com.logicor.runbook.approval.ApprovalRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The attack suite of issue 8 on embedded defaults (H2, the built-in layout with every address on a closed
 * loopback port): each way around the four-eyes approval that worked before is sent as the real request by a real
 * user — alice and dave (recovery-operators), bob (recovery-approvers), carol (both), erin (no group) — and must be
 * refused with a clear 4xx or a guard refusal, with nothing changed. Job execution is off: the test runs the one
 * job it wants, so nothing runs behind its back.
 */
class ApprovalBypassSecurityIT {

    static final String PASSWORD = "attack-suite-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    static ConfigurableApplicationContext app;
    static int port;

    String instance;
    String approvalTask;

    @BeforeAll
    static void start() throws Exception {
        String builtIn = new String(RunbookApplication.class.getResourceAsStream("/inventory/logicor-2.6.yml").readAllBytes(),
                StandardCharsets.UTF_8);
        Path inventory = dataDir.resolve("inventory.yml");
        Files.createDirectories(dataDir.resolve("ssh")); // never used: every host is a closed loopback port
        Files.writeString(dataDir.resolve("ssh/id_ed25519"), "not a key\n");
        Files.writeString(dataDir.resolve("ssh/known_hosts"), "");
        Files.writeString(inventory, builtIn.replaceAll("[a-z0-9-]+\\.logicor\\.local", "127.0.0.1")
                .replace("port: 22", "port: 1").replace("@DATA_DIR@", dataDir.toString()));
        app = new SpringApplicationBuilder(RunbookApplication.class).run("--server.port=0", "--runbook.data-dir=" + dataDir,
                "--runbook.inventory=" + inventory, "--runbook.admin.password=" + PASSWORD,
                "--camunda.bpm.job-execution.enabled=false");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        IdentityService identity = app.getBean(IdentityService.class);
        user(identity, "alice", RunbookGroups.RECOVERY_OPERATORS);
        user(identity, "dave", RunbookGroups.RECOVERY_OPERATORS);
        user(identity, "bob", RunbookGroups.RECOVERY_APPROVERS);
        user(identity, "carol", RunbookGroups.RECOVERY_OPERATORS, RunbookGroups.RECOVERY_APPROVERS);
        user(identity, "erin");
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    /** alice asks for a real redeploy: the process waits at its approval, nothing ran. */
    @BeforeEach
    void aliceAsksForARedeploy() throws Exception {
        HttpResponse<String> started = post("alice", "/engine-rest/process-definition/key/ansible-redeploy/start",
                Map.of("variables", Map.of("dryRun", typed(false))));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        instance = JSON.readTree(started.body()).get("id").asText();
        Task task = app.getBean(TaskService.class).createTaskQuery().processInstanceId(instance).singleResult();
        assertThat(task).as("approval task").isNotNull();
        assertThat(task.getTaskDefinitionKey()).isEqualTo("task_approve_redeploy");
        approvalTask = task.getId();
    }

    @Test
    void theStarterCannotClaimOrApproveNorForgeTheAssessor() throws Exception {
        assertRefused(post("alice", "/engine-rest/task/" + approvalTask + "/claim", Map.of("userId", "alice")), 403, "four-eyes rule");
        assertRefused(post("alice", "/engine-rest/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approved", typed(true), "assessedBy", typed("someone-else")))), 403, "four-eyes rule");
        assertNothingApproved();
    }

    @Test
    void carolWhoIsAlsoAnApproverCannotApproveWhatSheStarted() throws Exception {
        HttpResponse<String> started = post("carol", "/engine-rest/process-definition/key/ansible-redeploy/start",
                Map.of("variables", Map.of("dryRun", typed(false))));
        String pi = JSON.readTree(started.body()).get("id").asText();
        String task = app.getBean(TaskService.class).createTaskQuery().processInstanceId(pi).singleResult().getId();
        HttpResponse<String> r = post("carol", "/engine-rest/task/" + task + "/claim", Map.of("userId", "carol"));
        assertRefused(r, 403, "carol started this case");
        assertThat(app.getBean(ApprovalRecords.class).ofRoot(pi)).isEmpty();
    }

    @Test
    void anOperatorOutsideTheApproversCannotApproveNotEvenThroughDelegationOrReassignment() throws Exception {
        assertRefused(post("dave", "/engine-rest/task/" + approvalTask + "/complete", Map.of("variables", Map.of("approved", typed(true)))),
                403, "dave is not a member of recovery-approvers");
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/delegate", Map.of("userId", "dave")), 403, "cannot be delegated");
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/assignee", Map.of("userId", "dave")), 403,
                "dave is not a member of recovery-approvers");
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/resolve", Map.of()), 403, "cannot be delegated");
        assertRefused(post("admin", "/engine-rest/task/" + approvalTask + "/identity-links",
                Map.of("groupId", "recovery-operators", "type", "candidate")), 403, "approval tasks");
        Task task = app.getBean(TaskService.class).createTaskQuery().taskId(approvalTask).singleResult();
        assertThat(task.getAssignee()).isNull();
        assertThat(task.getOwner()).isNull();
        assertNothingApproved();
    }

    @Test
    void anApprovalTakenByOneApproverIsNotTakenAwayByAnother() throws Exception {
        HttpResponse<String> claimed = post("carol", "/engine-rest/task/" + approvalTask + "/claim", Map.of("userId", "carol"));
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(204);
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/unclaim", Map.of()), 403, "only carol");
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/claim", Map.of("userId", "bob")), 409, "already taken by carol");
        // giving a task back needs TASK_ASSIGN, which no role holds: an administrator does it
        assertRefused(post("carol", "/engine-rest/task/" + approvalTask + "/unclaim", Map.of()), 403, "TASK_ASSIGN");
        assertThat(post("admin", "/engine-rest/task/" + approvalTask + "/unclaim", Map.of()).statusCode()).isEqualTo(204);
        assertThat(app.getBean(TaskService.class).createTaskQuery().taskId(approvalTask).singleResult().getAssignee()).isNull();
    }

    @Test
    void nobodySkipsTheGateByModificationInstructionsRestartOrVariables() throws Exception {
        assertRefused(post("alice", "/engine-rest/process-instance/" + instance + "/modification", Map.of("instructions",
                List.of(Map.of("type", "cancel", "activityId", "task_approve_redeploy"),
                        Map.of("type", "startBeforeActivity", "activityId", "service_run_playbook")))), 403, "least privilege");
        assertRefused(post("alice", "/engine-rest/engine/default/process-instance/" + instance + "/modification", Map.of(
                "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "service_run_playbook")))),
                403, "least privilege"); // the engine-qualified path is the same resource
        assertRefused(post("alice", "/engine-rest/engine/default/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approved", typed(true)))), 403, "four-eyes rule");
        assertRefused(post("alice", "/engine-rest/process-definition/key/ansible-redeploy/start", Map.of("variables",
                Map.of("dryRun", typed(false)), "startInstructions", List.of(Map.of("type", "startBeforeActivity",
                        "activityId", "service_run_playbook")))), 403, "startInstructions is not allowed");
        assertRefused(post("alice", "/engine-rest/process-definition/key/restore-postgresql/start", Map.of("variables",
                Map.of("dryRun", typed(false)), "skipCustomListeners", true)), 403, "skipCustomListeners is not allowed");
        String definition = app.getBean(RuntimeService.class).createProcessInstanceQuery().processInstanceId(instance)
                .singleResult().getProcessDefinitionId();
        assertRefused(post("alice", "/engine-rest/process-definition/" + definition + "/restart", Map.of("processInstanceIds",
                List.of(instance), "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "service_run_playbook")))),
                403, "least privilege");
        assertRefused(post("alice", "/engine-rest/process-instance/" + instance + "/variables",
                Map.of("modifications", Map.of("approved", typed(true)))), 403, "least privilege");
        assertRefused(put("alice", "/engine-rest/process-instance/" + instance + "/variables/dryRun", typed(true)), 403, "least privilege");
        assertRefused(post("alice", "/engine-rest/task/" + approvalTask + "/variables",
                Map.of("modifications", Map.of("approved", typed(true)))), 403, "approval tasks");
        assertRefused(post("alice", "/engine-rest/process-definition/key/restore-postgresql/start",
                Map.of("variables", Map.of("approvedBy", typed("bob")))), 400, "approvedBy is not an input of restore-postgresql");
        // the restore's own state (what it stopped, what it ran) is not seeded by a caller: the finally path reads it
        assertRefused(post("alice", "/engine-rest/process-definition/key/restore-minio/start",
                Map.of("variables", Map.of("stopped_minio", typed("minio")))), 400, "stopped_minio is not an input of restore-minio");
        assertRefused(post("alice", "/engine-rest/process-definition/key/restore-etcd/start",
                Map.of("variables", Map.of("executedCommands", typed("nothing")))), 400, "executedCommands is not an input of restore-etcd");
        assertRefused(post("erin", "/engine-rest/process-definition/key/ansible-redeploy/start",
                Map.of("variables", Map.of("dryRun", typed(false)))), 404, "No matching process definition"); // erin sees none
        // still waiting at the approval, no job of the playbook step
        assertThat(app.getBean(TaskService.class).createTaskQuery().taskId(approvalTask).count()).isEqualTo(1);
        assertThat(app.getBean(ManagementService.class).createJobQuery().processInstanceId(instance).count()).isZero();
        assertNothingApproved();
    }

    @Test
    void anApprovalWithAFieldOutsideItsFormIsRefusedAndBobsApprovalIsTheEvidence() throws Exception {
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approved", typed(true), "dryRun", typed(true)))), 400, "dryRun is not a field of this task's form");
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approved", typed(true), "approvalSummary", typed("redeploy = false")))), 400, "read-only");
        assertNothingApproved();
        HttpResponse<String> ok = post("bob", "/engine-rest/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approved", typed(true), "approvalComment", typed("go"))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
        List<ApprovalRecord> rows = app.getBean(ApprovalRecords.class).ofRoot(instance);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).approver()).isEqualTo("bob");
        assertThat(rows.get(0).starter()).isEqualTo("alice");
        assertThat(rows.get(0).approved()).isTrue();
        assertThat(rows.get(0).parameters().values()).containsEntry("dryRun", "false").containsEntry("redeploy", "true");
        Job playbook = app.getBean(ManagementService.class).createJobQuery().processInstanceId(instance).singleResult();
        assertThat(playbook).as("the approved redeploy goes on to its step").isNotNull();
    }

    @Test
    void aDestructiveStepReachedWithoutApprovalIsRefusedByTheGuardBeforeItActs() throws Exception {
        // even an administrator's start after the gate: the guard reads the evidence, not the route taken
        HttpResponse<String> started = post("admin", "/engine-rest/process-definition/key/ansible-redeploy/start", Map.of(
                "variables", Map.of("dryRun", typed(false)),
                "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "service_run_playbook"))));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String pi = JSON.readTree(started.body()).get("id").asText();
        ManagementService management = app.getBean(ManagementService.class);
        Job job = management.createJobQuery().processInstanceId(pi).singleResult();
        try {
            management.executeJob(job.getId());
        } catch (Exception expected) {
            assertThat(expected).hasMessageContaining("approval guard refused service_run_playbook: no approval is recorded");
        }
        Job failed = management.createJobQuery().processInstanceId(pi).singleResult();
        assertThat(failed.getExceptionMessage()).contains("approval guard refused");
        assertThat(app.getBean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(pi)
                .variableName("ansiblePlan").count()).as("the step did not even plan").isZero();
    }

    @Test
    void aDryRunNeverBecomesARealRunAndApprovalRequiredFalseIsNotHonouredByDefault() throws Exception {
        // approvalRequired=false from the starter: the runbook's configuration requires approvals, so a task is created
        HttpResponse<String> unapproved = post("alice", "/engine-rest/process-definition/key/ansible-redeploy/start",
                Map.of("variables", Map.of("dryRun", typed(false), "approvalRequired", typed(false))));
        String noApproval = JSON.readTree(unapproved.body()).get("id").asText();
        assertThat(app.getBean(TaskService.class).createTaskQuery().processInstanceId(noApproval).singleResult().getTaskDefinitionKey())
                .isEqualTo("task_approve_redeploy");
        // a dry run goes straight to its (check-mode) step; flipping it to real on the way is refused to alice,
        // and when an administrator does it the guard still finds no approval
        HttpResponse<String> dry = post("alice", "/engine-rest/process-definition/key/ansible-redeploy/start",
                Map.of("variables", Map.of("dryRun", typed(true))));
        String pi = JSON.readTree(dry.body()).get("id").asText();
        assertRefused(put("alice", "/engine-rest/process-instance/" + pi + "/variables/dryRun", typed(false)), 403, "least privilege");
        HttpResponse<String> flipped = put("admin", "/engine-rest/process-instance/" + pi + "/variables/dryRun", typed(false));
        assertThat(flipped.statusCode()).as(flipped.body()).isEqualTo(204);
        ManagementService management = app.getBean(ManagementService.class);
        Job job = management.createJobQuery().processInstanceId(pi).singleResult();
        try {
            management.executeJob(job.getId());
        } catch (Exception expected) {
            assertThat(expected).hasMessageContaining("no approval is recorded");
        }
        assertThat(management.createJobQuery().processInstanceId(pi).singleResult().getExceptionMessage())
                .contains("approval guard refused");
    }

    @Test
    void theRecordNamesTheApproverFromTheEvidenceNotFromVariables() throws Exception {
        HttpResponse<String> ok = post("bob", "/engine-rest/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approved", typed(true))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
        assertThat(put("admin", "/engine-rest/process-instance/" + instance + "/variables/approvedBy", typed("mallory")).statusCode())
                .isEqualTo(204);
        var who = app.getBean(com.logicor.runbook.recovery.IncidentRecordWriter.class).witnesses(instance);
        assertThat(who.approvedBy()).isEqualTo("bob");
        assertRefused(post("alice", "/engine-rest/process-definition/key/restore-etcd/start",
                Map.of("variables", Map.of("clusterToken", typed("x; rm -rf /")))), 400, "clusterToken is not an input of restore-etcd");
    }

    @Test
    void encodedOrParameterisedPathsDoNotSlipPastThePolicy() throws Exception {
        Map<String, Object> seeded = Map.of("variables", Map.of("dryRun", typed(false), "approved", typed(true)));
        long instancesBefore = app.getBean(HistoryService.class).createHistoricProcessInstanceQuery().count();
        assertRefused(post("alice", "/engine-rest/process-definition/key/%61nsible-redeploy/start", seeded), 400, "plain paths");
        assertRefused(post("alice", "/engine-rest/process-definition/key/ansible-redeploy;a/start", seeded), 400, "plain paths");
        assertRefused(post("alice", "/engine-rest/task/" + approvalTask + ";x/complete", Map.of()), 400, "plain paths");
        assertRefused(post("alice", "/engine-rest/process-definition/key/ansible-redeploy/start", seeded), 400,
                "approved is not an input of ansible-redeploy");
        assertRefused(post("alice", "/engine-rest/process-definition/key/no-such-process/start", Map.of()), 404, "no such process");
        assertThat(app.getBean(HistoryService.class).createHistoricProcessInstanceQuery().count())
                .as("no instance was started").isEqualTo(instancesBefore);
    }

    @Test
    void anApprovalIsDecidedByTheApproverNotByAValueSeededBeforehand() throws Exception {
        assertRefused(post("bob", "/engine-rest/task/" + approvalTask + "/complete",
                Map.of("variables", Map.of("approvalComment", typed("no opinion")))), 400, "needs the field approved");
        // an administrator seeds approved=true at the start; bob completes through the Java API without answering
        HttpResponse<String> started = post("admin", "/engine-rest/process-definition/key/ansible-redeploy/start",
                Map.of("variables", Map.of("dryRun", typed(false), "approved", typed(true))));
        String pi = JSON.readTree(started.body()).get("id").asText();
        TaskService tasks = app.getBean(TaskService.class);
        String task = tasks.createTaskQuery().processInstanceId(pi).singleResult().getId();
        IdentityService identity = app.getBean(IdentityService.class);
        identity.setAuthentication("bob", List.of(RunbookGroups.RECOVERY_APPROVERS));
        try {
            tasks.complete(task, Map.of("approvalComment", "not convinced"));
        } finally {
            identity.clearAuthentication();
        }
        List<ApprovalRecord> rows = app.getBean(ApprovalRecords.class).ofRoot(pi);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).approved()).as("no answer is no approval").isFalse();
        assertThat(app.getBean(ManagementService.class).createJobQuery().processInstanceId(pi).count()).isZero();
    }

    @Test
    void theWebappsEngineApiHasTheSamePolicy() throws Exception {
        WebappSession alice = WebappSession.login(uri("").toString(), "alice", "alice-secret");
        HttpResponse<String> r = alice.post("/process-instance/" + instance + "/modification", JSON.writeValueAsString(Map.of(
                "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "service_run_playbook")))));
        assertRefused(r, 403, "least privilege");
        HttpResponse<String> claim = alice.post("/task/" + approvalTask + "/claim", "{\"userId\":\"alice\"}");
        assertRefused(claim, 403, "four-eyes rule");
        assertNothingApproved();
    }

    @Test
    void bobApprovesInTasklistTheWayTheFormSubmitsEveryField() throws Exception {
        WebappSession bob = WebappSession.login(uri("").toString(), "bob", "bob-secret");
        String task = "/task/" + approvalTask;
        HttpResponse<String> shown = bob.get(task + "/form-variables");
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        var variables = JSON.readTree(shown.body());
        assertThat(variables.path("approvalSummary").path("value").asText()).contains("redeploy = true").contains("dryRun = false");
        // what the form sends: every field, read-only ones as shown (absent ones empty), the approver's choices
        Map<String, Object> submitted = new java.util.LinkedHashMap<>();
        for (String readOnly : List.of("approvalSummary", "restoreEvidence", "restorePlan")) {
            submitted.put(readOnly, typed(variables.path(readOnly).path("value").isMissingNode() || variables.path(readOnly).path("value").isNull()
                    ? "" : variables.path(readOnly).path("value").asText()));
        }
        submitted.put("safetyBackup", typed(false));
        submitted.put("approved", typed(true));
        submitted.put("approvalComment", typed("looked at the plan"));
        HttpResponse<String> done = bob.post(task + "/submit-form", JSON.writeValueAsString(Map.of("variables", submitted)));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        List<ApprovalRecord> rows = app.getBean(ApprovalRecords.class).ofRoot(instance);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.approver()).isEqualTo("bob");
            assertThat(r.approved()).isTrue();
        });
    }

    void assertNothingApproved() {
        assertThat(app.getBean(ApprovalRecords.class).ofRoot(instance)).isEmpty();
        assertThat(app.getBean(TaskService.class).createTaskQuery().taskId(approvalTask).count()).as("approval still open").isEqualTo(1);
    }

    static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(message);
    }

    static Map<String, Object> typed(Object value) {
        return Map.of("value", value, "type", value instanceof Boolean ? "Boolean" : "String");
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static HttpResponse<String> post(String user, String path, Object body) throws Exception {
        return send(user, "POST", path, body);
    }

    static HttpResponse<String> put(String user, String path, Object body) throws Exception {
        return send(user, "PUT", path, body);
    }

    static HttpResponse<String> send(String user, String method, String path, Object body) throws Exception {
        String password = user.equals("admin") ? PASSWORD : user + "-secret";
        return HTTP.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void user(IdentityService identity, String id, String... groups) {
        TestUsers.ensure(identity, id, id + "-secret", groups);
    }
}
