package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.MANIFEST;
import static com.logicor.runbook.backup.ScheduledBackupProcess.RUN_ID;
import static com.logicor.runbook.backup.ScheduledBackupProcess.RUN_STATUS;
import static com.logicor.runbook.backup.ScheduledBackupProcess.STAMP;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Step "Close backup run": the run is {@code succeeded} when every component was verified, {@code partial}
 * when some were, {@code failed} when none; its signed manifest.json ({@link RunManifestWriter}) is stored beside
 * the artifacts.
 */
@Component("closeBackupRun")
public class CloseBackupRunDelegate implements JavaDelegate {

    private final BackupCatalog catalog;
    private final RunManifestWriter manifests;
    private final ObjectMapper json;

    public CloseBackupRunDelegate(BackupCatalog catalog, RunManifestWriter manifests, ObjectMapper json) {
        this.catalog = catalog;
        this.manifests = manifests;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void execute(DelegateExecution execution) throws Exception {
        String runId = RUN_ID.get(execution);
        String stamp = BackupRunContext.requireStamp(STAMP.find(execution).orElse(null));
        BackupRun run = catalog.findRun(runId).orElseThrow();
        List<String> failed = new ArrayList<>();
        Map<String, Object> outcomes = new LinkedHashMap<>();
        Map<String, BackupCatalog.ComponentOutcome> recorded = catalog.outcomesOfRun(runId);
        for (String component : run.components()) {
            BackupCatalog.ComponentOutcome o = recorded.get(component);
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("outcome", o == null ? "failed" : o.outcome());
            if (o == null || o.reason() != null) outcome.put("reason", o == null ? "no outcome recorded" : o.reason());
            if (o != null && o.details() != null) outcome.putAll(json.readValue(o.details(), Map.class));
            outcomes.put(component, outcome);
            if (o == null || !"verified".equals(o.outcome())) failed.add(component);
        }
        String status = failed.isEmpty() ? "succeeded" : failed.size() == run.components().size() ? "failed" : "partial";

        String location = manifests.write(run, stamp, status, outcomes);
        catalog.finishRun(runId, status, failed.isEmpty() ? null : "not verified: " + String.join(", ", failed));
        RUN_STATUS.set(execution, status);
        MANIFEST.set(execution, location);
    }
}
