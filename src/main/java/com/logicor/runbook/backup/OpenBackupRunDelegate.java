package com.logicor.runbook.backup;

import com.logicor.runbook.streams.Compression;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_COMPONENTS;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_COMPRESSION;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_INCLUDE_PREFIX;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_RUN_ID;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_STAMP;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_TRIGGER;

import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Step "Open backup run": settles which components this run backs up (the REST/timer list, or the start
 * form's checkboxes), opens the catalog run unless the caller already did, and fixes the run's time stamp.
 */
@Component("openBackupRun")
public class OpenBackupRunDelegate implements JavaDelegate {

    private final BackupRuns runs;
    private final BackupCatalog catalog;
    private final String defaultCompression;

    public OpenBackupRunDelegate(BackupRuns runs, BackupCatalog catalog,
                                 @Value("${runbook.backup.compression:zstd}") String defaultCompression) {
        this.runs = runs;
        this.catalog = catalog;
        this.defaultCompression = defaultCompression;
    }

    @Override
    public void execute(DelegateExecution execution) {
        List<String> components = runs.parse(componentsRequested(execution, runs.known()));
        if (components.isEmpty()) {
            throw new IllegalArgumentException("no component selected");
        }
        String csv = String.join(",", components);
        execution.setVariable(VAR_COMPONENTS, csv);
        String compression = (String) execution.getVariable(VAR_COMPRESSION);
        execution.setVariable(VAR_COMPRESSION, Compression.of(compression == null ? defaultCompression : compression).code());
        String runId = (String) execution.getVariable(VAR_RUN_ID);
        BackupRun run;
        if (runId == null) {
            String trigger = (String) execution.getVariable(VAR_TRIGGER);
            var auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            run = catalog.startRun(trigger == null ? "manual" : trigger, auth == null ? null : auth.getUserId(),
                    components, execution.getProcessInstanceId());
            execution.setVariable(VAR_RUN_ID, run.id());
        } else {
            run = catalog.findRun(runId).orElseThrow(() -> new IllegalStateException("no backup run " + runId));
            catalog.attachProcessInstance(runId, execution.getProcessInstanceId());
        }
        execution.setVariable(VAR_STAMP, BackupRunContext.stampOf(run.startedAt()));
    }

    /** The CSV variable wins; otherwise the checked boxes of the start form; otherwise all. */
    private static String componentsRequested(DelegateExecution execution, List<String> known) {
        Object csv = execution.getVariable(VAR_COMPONENTS);
        if (csv instanceof String s && !s.isBlank()) return s;
        List<String> checked = new ArrayList<>();
        boolean formUsed = false;
        for (String id : known) {
            Object box = execution.getVariable(VAR_INCLUDE_PREFIX + id);
            if (box != null) formUsed = true;
            if (Boolean.TRUE.equals(box)) checked.add(id);
        }
        if (formUsed && checked.isEmpty()) {
            throw new IllegalArgumentException("no component selected");
        }
        return String.join(",", checked);
    }
}
