package com.logicor.runbook.postgresql;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.variables.ProcessVariable;
import com.logicor.runbook.variables.RestoreVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's runbook. Preflight, the same for a real and a dry run: picks the backup run and databases, reads every
 * chosen artifact back and checks its sha256 (a damaged one fails here, before anything is touched), finds the
 * primary, holds the artifacts. Then roles (idempotent: existing ones kept) and each database (drop, restore, check
 * it answers with tables; each its own job, done again after a crash). The work is in {@link PostgresRestore}.
 */
@Component
public class PostgresRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new PostgresBlueprint();
    private static final String GLOBALS = "globals";
    private static final String DUMP = "dump";
    /** The database of the current per-database step (the multi-instance element). */
    static final ProcessVariable<String> DATABASE = ProcessVariable.text(PostgresBlueprint.DATABASE);
    /** Out: the container folder dumps are copied to. */
    static final ProcessVariable<String> SCRATCH = ProcessVariable.text("scratch");
    static final ProcessVariable<Long> ROLES_ALREADY_PRESENT = ProcessVariable.number("rolesAlreadyPresent");

    private final BackupCatalog catalog;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final PostgresPrimary primary;
    private final PostgresRestore restore;

    public PostgresRunbook(BackupCatalog catalog, RestorePreflight preflight, RestoreArtifacts artifacts, PostgresPrimary primary,
                           PostgresRestore restore) {
        this.catalog = catalog;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.primary = primary;
        this.restore = restore;
    }

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public String verify(ComponentSpec pg) {
        List<String> dbs = new ArrayList<>();
        for (String db : pg.databases()) dbs.add(db + " " + restore.userTables(pg, db) + " tables");
        return "postgresql " + String.join(", ", dbs);
    }

    @Override
    public RestorePreparation preflight(RestoreContext ctx) {
        ComponentSpec component = ctx.spec();
        String runId = chooseRun(ctx.getOrDefault(RestoreVariables.BACKUP_RUN_ID, null));
        Map<String, BackupArtifact> dumps = new LinkedHashMap<>();
        BackupArtifact globals = null;
        for (BackupArtifact a : catalog.artifactsOfRun(runId)) {
            if (!a.component().equals(PostgresBlueprint.ID.id()) || a.remoteLocation() == null && a.localLocation() == null) continue;
            if (a.kind().equals(GLOBALS)) globals = a;
            if (a.kind().equals(DUMP)) dumps.put(databaseOf(a), a);
        }
        if (globals == null) throw new IllegalStateException("backup run " + runId + " has no PostgreSQL globals dump");
        List<String> databases = new ArrayList<>(ctx.getOrDefault(PostgresBlueprint.DATABASES.asList(), List.of()));
        if (databases.isEmpty()) databases.addAll(dumps.keySet());
        for (String db : databases) {
            PostgresRestore.requireName(db);
            if (!dumps.containsKey(db)) {
                throw new IllegalArgumentException("backup run " + runId + " has no dump of database " + db + " (it has: "
                        + String.join(", ", dumps.keySet()) + ")");
            }
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(RestorePreflight.evidence(preflight.verifyAndHold(ctx.execution(), GLOBALS, globals)));
        for (String db : databases) {
            evidence.add(RestorePreflight.evidence(preflight.verifyAndHold(ctx.execution(), db, dumps.get(db))));
        }
        PostgresPrimary.Target target = primary.choose(component, false);
        String scratch = PostgresRestore.scratchFor(ctx.caseId());
        ctx.set(RestoreVariables.BACKUP_RUN_ID, runId);
        ctx.set(PostgresBlueprint.DATABASES.asList(), databases);
        ctx.set(SCRATCH, scratch);
        return new RestorePreparation("backup run " + runId + "\ntarget: " + target.node().name() + " (container "
                + target.node().container() + ", primary)\n" + String.join("\n", evidence),
                restore.plan(component, target.node().container(), databases, scratch));
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) throws Exception {
        ComponentSpec component = ctx.spec();
        String scratch = PostgresRestore.scratchFor(ctx.caseId());
        switch (phase) {
            case PostgresBlueprint.RESTORE_GLOBALS -> ROLES_ALREADY_PRESENT.setLocal(ctx.execution(),
                    (long) restore.restoreGlobals(component, artifacts.recall(ctx.execution(), GLOBALS), scratch));
            case PostgresBlueprint.RESTORE_DATABASE -> {
                String database = ctx.get(DATABASE);
                restore.restoreDatabase(component, database, artifacts.recall(ctx.execution(), database), scratch);
                long tables = restore.userTables(component, database);
                if (tables == 0) throw new IllegalStateException("database " + database + " was restored but has no tables");
                ctx.set(tablesOf(database), tables);
            }
            default -> throw new IllegalArgumentException("postgresql has no restore phase " + phase);
        }
    }

    /** Out: the user tables a restored database answers with. */
    static ProcessVariable<Long> tablesOf(String database) {
        return ProcessVariable.number("tables_" + database);
    }

    private String chooseRun(String requested) {
        if (requested != null && !requested.isBlank()) {
            catalog.findRun(requested).orElseThrow(() -> new IllegalArgumentException("no backup run " + requested));
            return requested;
        }
        return catalog.retainedArtifacts(PostgresBlueprint.ID.id()).stream()
                .filter(a -> a.kind().equals(GLOBALS)).map(BackupArtifact::runId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no verified PostgreSQL backup in the catalog"));
    }

    /** {@code s3://…/earth.dump.zst} → {@code earth}. */
    static String databaseOf(BackupArtifact dump) {
        String location = dump.remoteLocation() != null ? dump.remoteLocation() : dump.localLocation();
        String file = location.substring(location.lastIndexOf('/') + 1);
        return file.substring(0, file.indexOf(".dump"));
    }
}
