package com.logicor.runbook.postgresql;

import static com.logicor.runbook.postgresql.RestorePostgresqlProcess.*;
import org.springframework.stereotype.Component;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.RestoreArtifacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Preflight of restore-postgresql, the same for a real and a dry run: picks the backup run and databases,
 * reads every chosen artifact back and checks its sha256 (a damaged one fails here, before anything is
 * touched), finds the primary, holds the artifacts against pruning, and records plan and evidence.
 */
@Component("postgresRestorePreflight")
public class PostgresRestorePreflightDelegate implements JavaDelegate {

    private final Inventory inventory;
    private final BackupCatalog catalog;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final PostgresPrimary primary;
    private final PostgresRestore restore;

    public PostgresRestorePreflightDelegate(Inventory inventory, BackupCatalog catalog, RestorePreflight preflight,
                                            RestoreArtifacts artifacts, PostgresPrimary primary, PostgresRestore restore) {
        this.inventory = inventory;
        this.catalog = catalog;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.primary = primary;
        this.restore = restore;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ComponentSpec component = inventory.component(ComponentId.POSTGRESQL);
        String runId = chooseRun((String) execution.getVariable(VAR_BACKUP_RUN_ID));
        Map<String, BackupArtifact> dumps = new LinkedHashMap<>();
        BackupArtifact globals = null;
        for (BackupArtifact a : catalog.artifactsOfRun(runId)) {
            if (!a.component().equals(ComponentId.POSTGRESQL.id()) || a.remoteLocation() == null && a.localLocation() == null) continue;
            if (a.kind().equals("globals")) globals = a;
            if (a.kind().equals("dump")) dumps.put(a.database(), a);
        }
        if (globals == null) throw new IllegalStateException("backup run " + runId + " has no PostgreSQL globals dump");
        List<String> databases = new ArrayList<>(artifacts.namesOf(execution, VAR_DATABASES));
        if (databases.isEmpty()) databases.addAll(dumps.keySet());
        for (String db : databases) {
            PostgresRestore.requireName(db);
            if (!dumps.containsKey(db)) {
                throw new IllegalArgumentException("backup run " + runId + " has no dump of database " + db + " (it has: "
                        + String.join(", ", dumps.keySet()) + ")");
            }
        }

        List<String> evidence = new ArrayList<>();
        evidence.add(RestorePreflight.evidence(preflight.verifyAndHold(execution, "globals", globals)));
        for (String db : databases) {
            evidence.add(RestorePreflight.evidence(preflight.verifyAndHold(execution, db, dumps.get(db))));
        }
        PostgresPrimary.Target target = primary.choose(component, false);
        String scratch = PostgresRestore.scratchFor(execution.getProcessInstanceId());

        execution.setVariable(VAR_BACKUP_RUN_ID, runId);
        execution.setVariable(VAR_DATABASES, String.join(",", databases));
        execution.setVariable(VAR_SCRATCH, scratch);
        preflight.finish(execution, "backup run " + runId + "\ntarget: " + target.node().name() + " (container "
                + target.node().container() + ", primary)\n" + String.join("\n", evidence),
                restore.plan(component, target.node().container(), databases, scratch));
    }

    private String chooseRun(String requested) {
        if (requested != null && !requested.isBlank()) {
            catalog.findRun(requested).orElseThrow(() -> new IllegalArgumentException("no backup run " + requested));
            return requested;
        }
        return catalog.retainedArtifacts(ComponentId.POSTGRESQL.id()).stream()
                .filter(a -> a.kind().equals("globals")).map(BackupArtifact::runId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no verified PostgreSQL backup in the catalog"));
    }
}
