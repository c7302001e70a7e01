package com.logicor.runbook.schedule;

import com.logicor.runbook.inventory.Component;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.QuartzCron;
import com.logicor.runbook.inventory.Schedule;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * The backup timers come from the inventory, not from a file in bpmn/: at start-up a process
 * {@code backup-schedules} is generated with one timer start event per component schedule, each starting a
 * {@code scheduled-backup} run of that component. It is redeployed only when the schedules change (the
 * engine then drops the old timers). A schedule is paused and resumed by suspending its timer's job
 * definition — no redeploy, as KristaBackup's enable/disable; {@code enabled: false} in the inventory
 * pauses it at every start.
 */
@org.springframework.stereotype.Component
public class BackupSchedules implements ApplicationRunner {

    public static final String KEY = "backup-schedules";
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
        // the generated XML has random ids, so "changed" is decided by the schedules themselves
        String name = KEY + " " + fingerprint();
        var latest = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult();
        boolean current = latest != null && name.equals(repository.createDeploymentQuery()
                .deploymentId(latest.getDeploymentId()).singleResult().getName());
        if (!current) {
            repository.createDeployment().name(name).source("inventory").addModelInstance(KEY + ".bpmn", model()).deploy();
        }
        for (Component c : inventory.components()) {
            for (Schedule s : c.schedules()) {
                if (!s.enabled()) setEnabled(c.id(), s.name(), false);
            }
        }
        list().forEach(s -> log.info("backup schedule {}/{} '{}' {}, next run {}", s.component(), s.name(), s.cron(),
                s.enabled() ? "enabled" : "PAUSED", s.nextRun()));
    }

    private String fingerprint() {
        StringBuilder all = new StringBuilder();
        for (Component c : inventory.components()) {
            for (Schedule s : c.schedules()) all.append(c.id()).append('/').append(s.name()).append('=').append(s.cron()).append(';');
        }
        return Integer.toHexString(all.toString().hashCode());
    }

    static String timerId(String component, String schedule) {
        return "timer_" + component + "_" + schedule.replaceAll("[^A-Za-z0-9_]", "_");
    }

    BpmnModelInstance model() {
        ProcessBuilder process = Bpmn.createExecutableProcess(KEY).name("Backup schedules (from the inventory)")
                .camundaHistoryTimeToLive(180);
        BpmnModelInstance model = null;
        List<String[]> timers = new ArrayList<>();
        for (Component c : inventory.components()) {
            for (Schedule s : c.schedules()) timers.add(new String[] {c.id(), s.name(), QuartzCron.of(s.cron())});
        }
        if (timers.isEmpty()) {
            // no timers at all: this version replaces (and so removes) the timers of an earlier one
            return process.startEvent("start_no_schedules").endEvent("end_no_schedules").done();
        }
        for (String[] t : timers) {
            String id = timerId(t[0], t[1]);
            var builder = model == null ? process.startEvent(id)
                    : model.<Process>getModelElementById(KEY).builder().startEvent(id);
            model = builder.name(t[0] + " " + t[1]).timerWithCycle(t[2])
                    .serviceTask("service_start_" + id.substring("timer_".length())).name("Start backup of " + t[0])
                    .camundaDelegateExpression("${startScheduledBackup}")
                    .camundaInputParameter("scheduledComponent", t[0])
                    .camundaInputParameter("scheduleName", t[1])
                    .endEvent("end_" + id.substring("timer_".length()))
                    .done();
        }
        return model;
    }

    public List<ScheduleState> list() {
        List<ScheduleState> states = new ArrayList<>();
        for (Component c : inventory.components()) {
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
        String latest = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult().getId();
        JobDefinition def = management.createJobDefinitionQuery().processDefinitionId(latest)
                .activityIdIn(timerId(component, schedule)).singleResult();
        if (def == null) {
            throw new IllegalArgumentException("no schedule '" + schedule + "' for component '" + component + "'");
        }
        return def;
    }
}
