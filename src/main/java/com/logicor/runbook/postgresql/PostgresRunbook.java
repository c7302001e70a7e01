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
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.docker.DockerEngines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's runbook. Preflight, the same for a real and a dry run: picks the backup run and databases, reads every
 * chosen artifact back and checks its sha256 (a damaged one fails here, before anything is touched), finds the
 * primary, holds the artifacts. Then roles (idempotent: existing ones kept) and each database (drop, restore, check
 * it answers with tables; each its own job, done again after a crash). The work is in {@link PostgresRestore}.
 */
@Component
public class PostgresRunbook implements ComponentRunbook {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PostgresRunbook.class);
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
    private final DockerEngines docker;
    private final ObjectMapper json;

    public PostgresRunbook(BackupCatalog catalog, RestorePreflight preflight, RestoreArtifacts artifacts, PostgresPrimary primary,
                           PostgresRestore restore, DockerEngines docker, ObjectMapper json) {
        this.docker = docker;
        this.json = json;
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
        return verify(pg, null);
    }

    /**
     * Compares the cluster with the census of the restored backup run (every database it held, every table with at
     * least the rows it had), or, when no run is known or it has no census (taken before the census existed), with
     * the inventory's databases (each exists and has tables). Throws naming everything that is missing.
     */
    @Override
    public String verify(ComponentSpec pg, String restoredRun) {
        Optional<Map<String, Map<String, Long>>> expected = restoredRun == null ? Optional.empty() : censusOf(restoredRun);
        PostgresPrimary.Target target = primary.choose(pg, true);
        String user = PostgresPrimary.userOf(pg);
        List<String> existing = PostgresCensus.databases(docker, target, user);
        List<String> missing = new ArrayList<>();
        Map<String, Map<String, Long>> now = new TreeMap<>();
        if (expected.isPresent()) {
            for (String db : expected.get().keySet()) {
                if (existing.contains(db)) now.put(db, PostgresCensus.tables(docker, target, user, db));
            }
            missing.addAll(PostgresCensus.missing(expected.get(), now));
        } else {
            for (String db : pg.databases() == null ? List.<String>of() : pg.databases()) {
                if (!existing.contains(db)) {
                    missing.add("database " + db + " is missing");
                    continue;
                }
                Map<String, Long> tables = PostgresCensus.tables(docker, target, user, db);
                if (tables.isEmpty()) missing.add("database " + db + " has no tables");
                now.put(db, tables);
            }
        }
        String against = expected.isPresent() ? "the census of backup run " + restoredRun
                : "the inventory's databases" + (restoredRun == null ? "" : "; backup run " + restoredRun + " has no readable census");
        if (!missing.isEmpty()) {
            throw new IllegalStateException("postgresql lacks what " + against + " holds: " + String.join("; ", missing));
        }
        List<String> dbs = new ArrayList<>();
        now.forEach((db, tables) -> dbs.add(db + " " + tables.size() + " tables " + tables.values().stream().mapToLong(Long::longValue).sum() + " rows"));
        return "postgresql " + String.join(", ", dbs) + " (as " + against + ")";
    }

    /** The census the backup run recorded (its outcome's measurement), if it has one. */
    Optional<Map<String, Map<String, Long>>> censusOf(String runId) {
        BackupCatalog.ComponentOutcome outcome = catalog.outcomesOfRun(runId).get(PostgresBlueprint.ID.id());
        if (outcome == null || outcome.details() == null) return Optional.empty();
        try {
            JsonNode census = json.readTree(outcome.details()).path("measurements").path(PostgresCensus.MEASUREMENT);
            if (!census.isObject()) return Optional.empty();
            return Optional.of(json.convertValue(census, new TypeReference<Map<String, Map<String, Long>>>() {}));
        } catch (Exception e) {
            // the catalog keeps 7,900 characters of an outcome's details: a census of very many tables is cut there
            log.warn("postgresql: the census of backup run {} cannot be read ({}); checking the inventory's databases", runId, e.getMessage());
            return Optional.empty();
        }
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
            if (a.kind().equals(DUMP)) {
                if (a.database() == null) {
                    throw new IllegalStateException("backup run " + runId + " does not record which database dump " + a.id()
                            + " holds (taken before the runbook recorded it, catalog V6): restore from a newer backup run");
                }
                dumps.put(a.database(), a);
            }
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

}
