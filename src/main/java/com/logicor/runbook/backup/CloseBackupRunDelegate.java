package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_MANIFEST;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_RUN_ID;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_RUN_STATUS;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_STAMP;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupArtifact;
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
 * when some were, {@code failed} when none; its manifest.json — every artifact with size and sha256, and
 * each component's outcome — is stored beside the artifacts.
 */
@Component("closeBackupRun")
public class CloseBackupRunDelegate implements JavaDelegate {

    private final BackupCatalog catalog;
    private final ArtifactStore store;
    private final ObjectMapper json;

    public CloseBackupRunDelegate(BackupCatalog catalog, ArtifactStore store, ObjectMapper json) {
        this.catalog = catalog;
        this.store = store;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void execute(DelegateExecution execution) throws Exception {
        String runId = (String) execution.getVariable(VAR_RUN_ID);
        String stamp = BackupRunContext.requireStamp((String) execution.getVariable(VAR_STAMP));
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

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("runId", runId);
        manifest.put("stamp", stamp);
        manifest.put("trigger", run.triggerKind());
        manifest.put("requestedBy", run.requestedBy());
        manifest.put("startedAt", run.startedAt().toString());
        manifest.put("status", status);
        manifest.put("components", outcomes);
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (BackupArtifact a : catalog.artifactsOfRun(runId)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", a.id());
            entry.put("component", a.component());
            entry.put("node", a.node());
            entry.put("kind", a.kind());
            entry.put("status", a.status().code());
            entry.put("remote", a.remoteLocation());
            entry.put("local", a.localLocation());
            entry.put("sizeBytes", a.sizeBytes());
            entry.put("sha256", a.sha256());
            artifacts.add(entry);
        }
        manifest.put("artifacts", artifacts);
        String location = store.storeManifest(stamp,
                json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        catalog.recordManifest(runId, location);
        catalog.finishRun(runId, status, failed.isEmpty() ? null : "not verified: " + String.join(", ", failed));
        execution.setVariable(VAR_RUN_STATUS, status);
        execution.setVariable(VAR_MANIFEST, location);
    }
}
