package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPONENTS;
import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPRESSION;
import static com.logicor.runbook.backup.ScheduledBackupProcess.RUN_ID;
import static com.logicor.runbook.backup.ScheduledBackupProcess.STAMP;
import static com.logicor.runbook.backup.ScheduledBackupProcess.TRIGGER;

import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.variables.ProcessVariable;
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
        COMPONENTS.set(execution, components);
        COMPRESSION.set(execution, Compression.of(COMPRESSION.getOrDefault(execution, defaultCompression)).code());
        String runId = RUN_ID.find(execution).orElse(null);
        BackupRun run;
        if (runId == null) {
            var auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            run = catalog.startRun(TRIGGER.getOrDefault(execution, "manual"), auth == null ? null : auth.getUserId(),
                    components, execution.getProcessInstanceId());
            RUN_ID.set(execution, run.id());
        } else {
            run = catalog.findRun(runId).orElseThrow(() -> new IllegalStateException("no backup run " + runId));
            catalog.attachProcessInstance(runId, execution.getProcessInstanceId());
        }
        STAMP.set(execution, BackupRunContext.stampOf(run.startedAt()));
    }

    /** The requested list wins; otherwise the checked boxes of the start form; otherwise (empty) all. */
    private static List<String> componentsRequested(DelegateExecution execution, List<String> known) {
        List<String> requested = COMPONENTS.getOrDefault(execution, List.of());
        if (!requested.isEmpty()) return requested;
        List<String> checked = new ArrayList<>();
        boolean formUsed = false;
        for (String id : known) {
            ProcessVariable<Boolean> box = ScheduledBackupProcess.include(ComponentId.of(id));
            if (box.isSet(execution)) formUsed = true;
            if (box.getOrDefault(execution, false)) checked.add(id);
        }
        if (formUsed && checked.isEmpty()) {
            throw new IllegalArgumentException("no component selected");
        }
        return checked;
    }
}
