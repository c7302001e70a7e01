package com.logicor.runbook.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.approval.ApprovalRecords;
import com.logicor.runbook.approval.DestructiveStepGuard;
import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.lab.TestUsers;
import com.logicor.runbook.processgen.RecoveryProcessModel;
import com.logicor.runbook.processgen.RestoreProcessModel;
import com.logicor.runbook.security.RunbookGroups;
import com.logicor.sample.SampleBlueprint;
import com.logicor.sample.SampleComponentApp;
import com.logicor.sample.SampleRunbook;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The paths of the generated restore skeleton, on the real engine in this JVM (embedded H2), with the sample component's
 * runbook in place of a real one: dry run, approval refused and given, the four-eyes rule, a failing phase taking the
 * finally path, a crash resumed, and the guard refusing a parameter changed after the approval. No lab: seconds.
 * The same skeleton is every component's restore, so these paths hold for each (GeneratedProcessesTest shows the
 * checked-in files are that skeleton).
 */
class RestoreProcessPathsTest {

    static final String KEY = "restore-sample";

    @TempDir
    static Path dataDir;
    static ConfigurableApplicationContext app;
    static SampleRunbook sample;

    @BeforeAll
    static void start() throws Exception {
        app = SampleComponentApp.start(dataDir);
        sample = app.getBean(SampleRunbook.class);
        ComponentBlueprints blueprints = app.getBean(ComponentBlueprints.class);
        app.getBean(RepositoryService.class).createDeployment().name("sample component")
                .addModelInstance(KEY + ".bpmn", RestoreProcessModel.of(blueprints.of("sample")))
                .addModelInstance("full-cluster-recovery.bpmn", RecoveryProcessModel.of(blueprints.restorable()))
                .deploy();
        IdentityService identity = app.getBean(IdentityService.class);
        TestUsers.ensure(identity, "alice", "alice-secret", RunbookGroups.RECOVERY_OPERATORS);
        TestUsers.ensure(identity, "bob", "bob-secret", RunbookGroups.RECOVERY_APPROVERS);
        TestUsers.ensure(identity, "carol", "carol-secret", RunbookGroups.RECOVERY_OPERATORS, RunbookGroups.RECOVERY_APPROVERS);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    @BeforeEach
    void reset() {
        sample.reset();
    }

    @Test
    void dryRunPlansAndTouchesNothing() {
        String pi = startAs("alice", Map.of("dryRun", true));
        runJobs(pi);
        assertThat(endedAt(pi)).isEqualTo("end_dry_run");
        assertThat(sample.calls()).containsExactly("preflight");
        assertThat(variable(pi, "restorePlan")).isEqualTo(
                "on sample-1: systemctl stop sample\non sample-1: tar -x -C /var/lib/sample\non sample-1: systemctl start sample");
    }

    @Test
    void aRejectedApprovalTouchesNothing() {
        String pi = startAs("alice", Map.of());
        runJobs(pi);
        decide("bob", pi, false);
        runJobs(pi);
        assertThat(endedAt(pi)).isEqualTo("end_rejected");
        assertThat(sample.calls()).containsExactly("preflight");
    }

    @Test
    void anApprovedRestoreRunsThePhasesInOrderOnce() {
        String pi = startAs("alice", Map.of("wipe", true));
        runJobs(pi);
        decide("bob", pi, true);
        runJobs(pi);
        assertThat(endedAt(pi)).isEqualTo("end_restored");
        assertThat(sample.calls()).containsExactly("preflight", "stop", "restore_data", "start_and_check");
        @SuppressWarnings("unchecked")
        List<String> executed = (List<String>) variable(pi, "executedCommands");
        assertThat(executed).containsExactly("stop — sample-1: systemctl stop sample",
                "restore_data — sample-1: tar -x -C /var/lib/sample", "start_and_check — sample-1: systemctl start sample");
        ExecutedCommands.assertPlanned((String) variable(pi, "restorePlan"), executed);
        var decisions = app.getBean(ApprovalRecords.class).ofRoot(pi);
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.approver()).isEqualTo("bob");
            assertThat(d.parameters().get("restore.sample.wipe")).isEqualTo("true");
        });
    }

    @Test
    void theStarterCannotApproveTheirOwnRestore() {
        String pi = startAs("carol", Map.of());
        runJobs(pi);
        assertThatThrownBy(() -> decide("carol", pi, true)).hasMessageContaining("carol");
        assertThat(sample.calls()).containsExactly("preflight");
        assertThat(app.getBean(TaskService.class).createTaskQuery().processInstanceId(pi).count()).isEqualTo(1);
    }

    @Test
    void aFailingPhaseTakesTheFinallyPathAndBringsBackWhatWasStopped() {
        sample.failIn(SampleBlueprint.RESTORE_DATA);
        String pi = startAs("alice", Map.of());
        runJobs(pi);
        decide("bob", pi, true);
        runJobs(pi);
        assertThat(endedAt(pi)).isEqualTo("end_failed");
        assertThat(sample.calls()).containsExactly("preflight", "stop", "restore_data", "bring_back sample-1");
        assertThat((String) variable(pi, "failure")).contains("Restore its data").contains("sample: restore_data failed");
    }

    @Test
    void aCrashInAPhaseResumesThere() {
        sample.crashOnceIn(SampleBlueprint.RESTORE_DATA);
        String pi = startAs("alice", Map.of());
        runJobs(pi);
        decide("bob", pi, true);
        runJobs(pi);
        assertThat(endedAt(pi)).isEqualTo("end_restored");
        assertThat(sample.calls()).containsExactly("preflight", "stop", "restore_data", "restore_data", "start_and_check");
        assertThat(variable(pi, "stopped_sample")).isEqualTo(List.of("sample-1"));
    }

    @Test
    void theGuardRefusesAParameterChangedAfterTheApproval() {
        String pi = startAs("alice", Map.of("wipe", false));
        runJobs(pi);
        decide("bob", pi, true);
        app.getBean(RuntimeService.class).setVariable(pi, "wipe", true);
        runJobs(pi);
        assertThat(endedAt(pi)).isEqualTo("end_failed");
        assertThat(sample.calls()).as("nothing touched").containsExactly("preflight", "bring_back ");
        assertThat(app.getBean(HistoryService.class).createHistoricIncidentQuery().processInstanceId(pi)
                .incidentType(DestructiveStepGuard.INCIDENT_TYPE).list()).singleElement()
                .satisfies(i -> assertThat(i.getIncidentMessage()).contains("restore.sample.wipe"));
        assertThat((String) variable(pi, "failure")).contains("restore.sample.wipe");
    }

    @Test
    void theRecoveryPreflightsTheAddedComponentInItsPlace() {
        RuntimeService runtime = app.getBean(RuntimeService.class);
        String pi;
        app.getBean(IdentityService.class).setAuthentication("alice", List.of(RunbookGroups.RECOVERY_OPERATORS));
        try {
            pi = runtime.startProcessInstanceByKey("full-cluster-recovery", Map.of("incidentTitle", "sample lost")).getId();
            Task assess = app.getBean(TaskService.class).createTaskQuery().processInstanceId(pi).singleResult();
            app.getBean(TaskService.class).complete(assess.getId(), Map.of("affected_sample", true, "wipe_sample", true));
        } finally {
            app.getBean(IdentityService.class).clearAuthentication();
        }
        runJobs(pi);
        assertThat(sample.calls()).containsExactly("preflight");
        assertThat((String) variable(pi, "plan_sample")).contains("on sample-1: systemctl stop sample");
        assertThat(variable(pi, "wipe_sample")).isEqualTo(true);
        Task approve = app.getBean(TaskService.class).createTaskQuery().processInstanceId(pi).singleResult();
        assertThat(approve.getTaskDefinitionKey()).isEqualTo("task_approve");
        assertThat((String) app.getBean(TaskService.class).getVariableLocal(approve.getId(), "approvalSummary"))
                .contains("restore.sample.wipe = true");
    }

    // ---- helpers

    private static String startAs(String user, Map<String, Object> variables) {
        IdentityService identity = app.getBean(IdentityService.class);
        identity.setAuthentication(user, List.of(RunbookGroups.RECOVERY_OPERATORS));
        try {
            return app.getBean(RuntimeService.class).startProcessInstanceByKey(KEY, new HashMap<>(variables)).getId();
        } finally {
            identity.clearAuthentication();
        }
    }

    private static void decide(String user, String pi, boolean approved) {
        TaskService tasks = app.getBean(TaskService.class);
        Task task = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey("task_approve_restore").singleResult();
        assertThat(task).as("approval task").isNotNull();
        IdentityService identity = app.getBean(IdentityService.class);
        identity.setAuthentication(user, List.of(RunbookGroups.RECOVERY_APPROVERS));
        try {
            tasks.complete(task.getId(), Map.of("approved", approved));
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Runs the process tree's jobs one by one, as the job executor would, until none is left or one keeps failing. */
    private static void runJobs(String pi) {
        ManagementService management = app.getBean(ManagementService.class);
        for (int i = 0; i < 50; i++) {
            List<Job> jobs = management.createJobQuery().rootProcessInstanceId(pi).withRetriesLeft().list();
            if (jobs.isEmpty()) return;
            try {
                management.executeJob(jobs.get(0).getId());
            } catch (RuntimeException e) {
                // a failed attempt: the engine keeps the job with one retry less; the next round runs it again
            }
        }
        throw new AssertionError("jobs of " + pi + " did not settle");
    }

    private static String endedAt(String pi) {
        HistoryService history = app.getBean(HistoryService.class);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(pi).singleResult().getEndTime()).as("ended").isNotNull();
        return history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityType("noneEndEvent").list().stream()
                .map(HistoricActivityInstance::getActivityId).filter(id -> !id.equals("end_destructive")).findFirst().orElseThrow();
    }

    private static Object variable(String pi, String name) {
        var v = app.getBean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(pi).variableName(name).singleResult();
        return v == null ? null : v.getValue();
    }
}
