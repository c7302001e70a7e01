package com.logicor.runbook.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.logicor.runbook.RunbookApplication;
import com.logicor.runbook.backup.BackupRuns;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The runbook app on the lab's inventory for process-level tests, with the waits they all need. */
public final class RunbookApp implements AutoCloseable {

    /** The admin's password in every app started here. */
    public static final String PASSWORD = "runbook-app-test";

    private static final Duration POLL = Duration.ofMillis(200);

    public final ConfigurableApplicationContext context;
    private final Path dataDir;

    public RunbookApp(Lab lab, Path dataDir, String... extraArgs) {
        this(lab.inventoryFile(), dataDir, extraArgs);
    }

    /** On another inventory than the lab's own (e.g. the lab's with a component replaced by a scratch one). */
    public RunbookApp(Path inventoryFile, Path dataDir, String... extraArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--runbook.data-dir=" + dataDir,
                "--runbook.inventory=" + inventoryFile, "--runbook.admin.password=" + PASSWORD,
                "--runbook.backup.retry-cycle=R2/PT1S",
                // the restore ITs start with approvalRequired=false to test the restore itself, which an administrator
                // allows this way; approvals that do happen are still checked (ApprovalBypassSecurityIT proves the default)
                "--runbook.restore.approval-required=false",
                // besides the console: the log a failed test shows the tail of (LabExtension)
                "--logging.file.name=" + logFile(dataDir)));
        args.addAll(List.of(extraArgs));
        this.dataDir = dataDir;
        context = new SpringApplicationBuilder(RunbookApplication.class).run(args.toArray(String[]::new));
    }

    /** Where an app started on {@code dataDir} writes its log. */
    public static Path logFile(Path dataDir) {
        return dataDir.resolve("runbook.log");
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The last {@code lines} lines of this app's log. */
    public String logTail(int lines) {
        return LabServices.tail(logFile(dataDir), lines);
    }

    /** Waits until the app's open health endpoint answers UP over HTTP (the web server and the engine serve). */
    public void awaitHealthy(Duration limit) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI health = java.net.URI.create("http://127.0.0.1:" + port() + "/actuator/health");
        await("the app at " + health + " is UP").atMost(limit).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    var r = http.send(java.net.http.HttpRequest.newBuilder(health).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().contains("UP");
                });
    }

    /**
     * The way an operator and an approver work a single-component restore: {@code starter} starts it (as the engine's
     * authenticated user), the approval task appears, {@code approver} approves it. Returns the process instance.
     */
    public String startApprovedBy(String starter, String approver, String processKey, Map<String, Object> variables) {
        org.camunda.bpm.engine.IdentityService identity = bean(org.camunda.bpm.engine.IdentityService.class);
        identity.setAuthentication(starter, List.of(com.logicor.runbook.security.RunbookGroups.RECOVERY_OPERATORS));
        String pi;
        try {
            pi = start(processKey, variables);
        } finally {
            identity.clearAuthentication();
        }
        Task approval = awaitTask(pi, Duration.ofMinutes(3));
        approveAs(approver, approval.getId(), true);
        return pi;
    }

    /** {@code user} (made a member of recovery-approvers) decides the approval task, as the engine's authenticated user. */
    public void approveAs(String user, String taskId, boolean approved) {
        org.camunda.bpm.engine.IdentityService identity = bean(org.camunda.bpm.engine.IdentityService.class);
        TestUsers.ensure(identity, user, user + "-secret", com.logicor.runbook.security.RunbookGroups.RECOVERY_APPROVERS);
        identity.setAuthentication(user, List.of(com.logicor.runbook.security.RunbookGroups.RECOVERY_APPROVERS));
        try {
            bean(TaskService.class).complete(taskId, Map.of("approved", approved));
        } finally {
            identity.clearAuthentication();
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A backup run of the given components, waited for; fails unless it succeeded. */
    public BackupRun backUp(String... components) {
        BackupRun run = bean(BackupRuns.class).start(List.of(components), "api", "it", null);
        awaitEnd(run.processInstanceId(), Duration.ofMinutes(5));
        BackupRun done = bean(BackupCatalog.class).findRun(run.id()).orElseThrow();
        assertThat(done.status()).as(done.message()).isEqualTo("succeeded");
        return done;
    }

    public String start(String processKey, Map<String, Object> variables) {
        return bean(RuntimeService.class).startProcessInstanceByKey(processKey, variables).getId();
    }

    /** Waits for the end of a process instance; an incident on the way fails at once with its message. */
    public HistoricProcessInstance awaitEnd(String id, Duration limit) {
        return await("process " + id + " ends").atMost(limit).pollInterval(POLL).until(() -> {
            failOnIncident(id);
            return bean(HistoryService.class).createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
        }, pi -> pi != null && pi.getEndTime() != null);
    }

    public Task awaitTask(String processInstanceId, Duration limit) {
        return await("a task in " + processInstanceId).atMost(limit).pollInterval(POLL).until(() -> {
            failOnIncident(processInstanceId);
            return bean(TaskService.class).createTaskQuery().processInstanceId(processInstanceId).singleResult();
        }, Objects::nonNull);
    }

    /** The open task of this key in the process instance, waited for; an incident on the way fails at once. */
    public Task awaitTask(String processInstanceId, String taskKey, Duration limit) {
        return await("task " + taskKey + " in " + processInstanceId).atMost(limit).pollInterval(POLL).until(() -> {
            failOnIncident(processInstanceId);
            return bean(TaskService.class).createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).singleResult();
        }, Objects::nonNull);
    }

    /** The incident the process instance runs into, waited for. */
    public Incident awaitIncident(String processInstanceId, Duration limit) {
        return await("an incident in " + processInstanceId).atMost(limit).pollInterval(POLL)
                .until(() -> bean(RuntimeService.class).createIncidentQuery().processInstanceId(processInstanceId).singleResult(),
                        Objects::nonNull);
    }

    /** The HTTP port the app listens on. */
    public int port() {
        return ((org.springframework.boot.web.context.WebServerApplicationContext) context).getWebServer().getPort();
    }

    public void failOnIncident(String processInstanceId) {
        Incident i = bean(RuntimeService.class).createIncidentQuery().processInstanceId(processInstanceId).singleResult();
        if (i != null) throw new AssertionError("incident at " + i.getActivityId() + ": " + i.getIncidentMessage());
    }

    /** A variable of a (possibly ended) process instance, from history. */
    public Object variable(String processInstanceId, String name) {
        var v = bean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName(name).singleResult();
        return v == null ? null : v.getValue();
    }

    @Override
    public void close() {
        context.close();
    }
}
