package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_COMPONENTS;

import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Starting backup runs and reading their component lists; the one place that knows how a run begins. */
@Component("backupRuns")
public class BackupRuns {

    private final BackupCatalog catalog;
    private final RuntimeService runtime;

    public BackupRuns(BackupCatalog catalog, RuntimeService runtime) {
        this.catalog = catalog;
        this.runtime = runtime;
    }

    /** Validated component ids in the regulation's order; empty or null means all seven. */
    public List<String> parse(String csv) {
        if (csv == null || csv.isBlank()) {
            return Arrays.stream(ComponentId.values()).map(ComponentId::id).toList();
        }
        List<String> wanted = Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isBlank()).distinct().toList();
        List<String> unknown = wanted.stream().filter(id -> ComponentId.of(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown component(s): " + String.join(", ", unknown)
                    + "; known: " + ComponentId.known());
        }
        List<String> ordered = new ArrayList<>();
        for (ComponentId id : ComponentId.values()) {
            if (wanted.contains(id.id())) ordered.add(id.id());
        }
        return ordered;
    }

    /** The multi-instance collection of the process: a plain list built from the CSV variable. */
    public List<String> componentsOf(VariableScope scope) {
        return parse((String) scope.getVariable(VAR_COMPONENTS));
    }

    /** Starts a run: the catalog row first, so the caller has its id at once, then the process. */
    public BackupRun start(List<String> components, String triggerKind, String requestedBy, String compression) {
        String csv = String.join(",", parse(String.join(",", components)));
        BackupRun run = catalog.startRun(triggerKind, requestedBy, List.of(csv.split(",")), null);
        var variables = Variables.createVariables()
                .putValue(VAR_COMPONENTS, csv)
                .putValue(ScheduledBackupProcess.VAR_TRIGGER, triggerKind)
                .putValue(ScheduledBackupProcess.VAR_RUN_ID, run.id());
        if (compression != null) {
            Compression.of(compression);
            variables.putValue(ScheduledBackupProcess.VAR_COMPRESSION, compression);
        }
        String pid = runtime.startProcessInstanceByKey(ScheduledBackupProcess.KEY, run.id(), (Map<String, Object>) variables).getId();
        catalog.attachProcessInstance(run.id(), pid);
        return catalog.findRun(run.id()).orElseThrow();
    }
}
