package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPONENT;
import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPONENT_OUTCOME;
import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPRESSION;
import static com.logicor.runbook.backup.ScheduledBackupProcess.RUN_ID;
import static com.logicor.runbook.backup.ScheduledBackupProcess.STAMP;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.streams.Compression;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Step "Back up component" (one multi-instance element per component, an async job with retries). It holds
 * the component's lock, runs the component's method and records the outcome for the run. Attempts before
 * the last throw, so the engine retries them on the configured cycle. The last attempt does not hold the
 * whole run hostage: it raises an incident naming the component and the reason, records the component as
 * failed, and lets the other components and the run finish ({@code partial}).
 */
@Component("backupComponent")
public class BackupComponentDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(BackupComponentDelegate.class);

    private final Inventory inventory;
    private final ComponentBackups methods;
    private final ComponentLock lock;
    private final BackupOutcomes outcomes;
    private final ObjectMapper json;
    private final BackupCatalog catalog;

    public BackupComponentDelegate(Inventory inventory, ComponentBackups methods, ComponentLock lock,
                                   BackupOutcomes outcomes, ObjectMapper json, BackupCatalog catalog) {
        this.inventory = inventory;
        this.methods = methods;
        this.lock = lock;
        this.outcomes = outcomes;
        this.json = json;
        this.catalog = catalog;
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        String componentId = COMPONENT.get(execution);
        ComponentId id = ComponentId.of(componentId);
        String runId = RUN_ID.get(execution);
        BackupRunContext run = new BackupRunContext(runId, STAMP.find(execution).orElse(null),
                execution.getProcessInstanceId(), Compression.of(COMPRESSION.find(execution).orElse(null)));
        long started = System.nanoTime();
        try {
            lock.acquire(componentId, runId);
            ComponentBackupResult result;
            try {
                result = methods.of(id).run(inventory.component(id), run);
            } finally {
                lock.release(componentId, runId);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            outcomes.succeeded(componentId, run, result, millis);
            record(execution, componentId, "verified", null, result.measurements(), result.artifacts().size());
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!isLastAttempt(execution)) {
                log.warn("backup of {} failed, the engine will retry: {}", componentId, reason);
                throw e;
            }
            outcomes.failed(componentId, run, reason);
            record(execution, componentId, "failed", reason, Map.of(), 0);
            execution.createIncident(ScheduledBackupProcess.INCIDENT_TYPE, componentId,
                    "backup of " + componentId + " failed after all retries: " + reason);
        }
    }

    /**
     * The outcome goes to the catalog (its own transaction), not to a process-instance variable: the
     * parallel component jobs would all update the process instance and fail each other with optimistic
     * locking. A local variable keeps it visible on the step in Cockpit.
     */
    private void record(DelegateExecution execution, String component, String outcome, String reason,
                        Map<String, Object> measurements, int artifacts) throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("artifacts", artifacts);
        details.put("measurements", measurements);
        String shortReason = reason == null ? null : reason.length() > 1900 ? reason.substring(0, 1900) + "…" : reason;
        String json = this.json.writeValueAsString(details);
        catalog.recordOutcome(RUN_ID.get(execution), component, outcome, shortReason,
                json.length() > 7900 ? json.substring(0, 7900) : json);
        COMPONENT_OUTCOME.setLocal(execution, outcome);
    }

    /**
     * The engine lowers a failing job's retries after each attempt; the attempt that runs with one retry left
     * is the last. Without a job (a synchronous call in a test) every attempt is the last.
     */
    private static boolean isLastAttempt(DelegateExecution execution) {
        Job job = execution.getProcessEngineServices().getManagementService().createJobQuery()
                .executionId(execution.getId()).activityId(execution.getCurrentActivityId()).singleResult();
        return job == null || job.getRetries() <= 1;
    }
}
