package com.logicor.runbook.postgresql;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestoreInput;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** PostgreSQL under Patroni: roles, then each database from its dump, through the primary. */
public class PostgresBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("postgresql");
    static final String RESTORE_GLOBALS = "restore_globals";
    static final String RESTORE_DATABASE = "restore_database";
    /** In: the databases to restore (default: every database dumped in the chosen run); out: the resolved list. */
    static final RestoreInput DATABASES = RestoreInput.list("databases", null);
    /** The current database of the per-database phase. */
    static final String DATABASE = "database";

    public PostgresBlueprint() {
        super(ID, "PostgreSQL (Patroni)", 40);
    }

    @Override
    public Set<String> inventoryFields() {
        return Set.of("databases");
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint(
                "The regulation's PostgreSQL restore, corrected: preflight (every chosen artifact read back and its sha256 "
                        + "checked, the primary found), an approval gate, then roles (globals) and each database from its pg_dump "
                        + "-Fc dump through the primary's container. Each destructive step is its own job (async before): a crash "
                        + "resumes at that step, and the step is idempotent; a failing step is retried, then the restore ends "
                        + "failed with the reason. dryRun=true stops after preflight with the plan in history.",
                null,
                List.of(RestorePhase.of(RESTORE_GLOBALS, "Restore roles (globals)").retrying("R2/PT30S"),
                        RestorePhase.of(RESTORE_DATABASE, "Restore database (drop, pg_restore --create, check)")
                                .forEach(DATABASES.name(), DATABASE).retrying("R2/PT30S")),
                null,
                List.of(DATABASES)));
    }
}
