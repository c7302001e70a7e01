package com.logicor.runbook.schedule;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.QuartzCron;
import com.logicor.runbook.inventory.Schedule;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The backup timers come from the inventory, not from a file in bpmn/: at start-up one tiny process per
 * schedule ({@code backup-schedule-<component>-<name>}: a timer start event and a step that starts a
 * {@code scheduled-backup} run of the component) is generated and deployed — the engine allows one timer
 * start event per process. They are redeployed only when the schedules change, and the previous
 * deployment is then removed with its timers. A schedule is paused and resumed by suspending its timer's
 * job definition — no redeploy, as KristaBackup's enable/disable; {@code enabled: false} in the inventory
 * pauses it at every start.
 */
@Component
public class BackupSchedules implements ApplicationRunner {

    public static final String DEPLOYMENT = "backup-schedules";
    public static final String KEY_PREFIX = "backup-schedule-";
    private static final Logger log = LoggerFactory.getLogger(BackupSchedules.class);

    private final Inventory inventory;
    private final RepositoryService repository;
    private final ManagementService management;

    public BackupSchedules(Inventory inventory, RepositoryService repository, ManagementService management) {
        this.inventory = inventory;
        this.repository = repository;
        this.management = management;
    }

    public record ScheduleState(String component, String name, String cron, boolean enabled, Date nextRun) {}

    @Override
    public void run(ApplicationArguments args) {
        String name = DEPLOYMENT + " " + fingerprint();
        if (repository.createDeploymentQuery().deploymentName(name).count() == 0) {
            List<Deployment> previous = repository.createDeploymentQuery().deploymentNameLike(DEPLOYMENT + " %").list();
            var deployment = repository.createDeployment().name(name).source("inventory");
            boolean any = false;
            for (ComponentSpec c : inventory.components()) {
                for (Schedule s : c.schedules()) {
                    deployment.addModelInstance(processKey(c.id(), s.name()) + ".bpmn", model(c.id(), s));
                    any = true;
                }
            }
            if (any) deployment.deploy();
            // the schedules of the old inventory go with their deployment: no orphaned timer keeps firing
            for (Deployment old : previous) repository.deleteDeployment(old.getId(), true, true);
        }
        for (ComponentSpec c : inventory.components()) {
            for (Schedule s : c.schedules()) {
                if (!s.enabled()) setEnabled(c.id(), s.name(), false);
            }
        }
        list().forEach(s -> log.info("backup schedule {}/{} '{}' {}, next run {}", s.component(), s.name(), s.cron(),
                s.enabled() ? "enabled" : "PAUSED", s.nextRun()));
    }

    private String fingerprint() {
        StringBuilder all = new StringBuilder();
        for (ComponentSpec c : inventory.components()) {
            for (Schedule s : c.schedules()) all.append(c.id()).append('/').append(s.name()).append('=').append(s.cron()).append(';');
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String processKey(String component, String schedule) {
        return KEY_PREFIX + component + "-" + schedule.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static final String TIMER = "timer_backup_due";

    static BpmnModelInstance model(String component, Schedule schedule) {
        return Bpmn.createExecutableProcess(processKey(component, schedule.name()))
                .name("Backup schedule " + component + "/" + schedule.name())
                .camundaHistoryTimeToLive(30)
                .startEvent(TIMER).name(schedule.cron()).timerWithCycle(QuartzCron.of(schedule.cron()))
                .serviceTask("service_start_scheduled_backup").name("Start backup of " + component)
                .camundaDelegateExpression("${startScheduledBackup}")
                .camundaInputParameter("scheduledComponent", component)
                .camundaInputParameter("scheduleName", schedule.name())
                .endEvent("end_backup_started")
                .done();
    }

    public List<ScheduleState> list() {
        List<ScheduleState> states = new ArrayList<>();
        for (ComponentSpec c : inventory.components()) {
            for (Schedule s : c.schedules()) {
                JobDefinition def = jobDefinition(c.id(), s.name());
                Job job = management.createJobQuery().jobDefinitionId(def.getId()).singleResult();
                states.add(new ScheduleState(c.id(), s.name(), s.cron(), !def.isSuspended(), job == null ? null : job.getDuedate()));
            }
        }
        return states;
    }

    /** Pauses or resumes one schedule now, on every node, without a redeploy. */
    public ScheduleState setEnabled(String component, String schedule, boolean enabled) {
        JobDefinition def = jobDefinition(component, schedule);
        if (enabled) {
            management.activateJobDefinitionById(def.getId(), true);
        } else {
            management.suspendJobDefinitionById(def.getId(), true);
        }
        return list().stream().filter(s -> s.component().equals(component) && s.name().equals(schedule)).findFirst().orElseThrow();
    }

    /** The timer job of a schedule, e.g. to fire it now in a drill. */
    public Job timerJob(String component, String schedule) {
        return management.createJobQuery().jobDefinitionId(jobDefinition(component, schedule).getId()).singleResult();
    }

    private JobDefinition jobDefinition(String component, String schedule) {
        var latest = repository.createProcessDefinitionQuery().processDefinitionKey(processKey(component, schedule))
                .latestVersion().singleResult();
        JobDefinition def = latest == null ? null : management.createJobDefinitionQuery()
                .processDefinitionId(latest.getId()).activityIdIn(TIMER).singleResult();
        if (def == null) {
            throw new IllegalArgumentException("no such schedule; GET /api/schedules lists them");
        }
        return def;
    }
}
