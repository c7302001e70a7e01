package com.logicor.runbook.postgresql;

import com.logicor.runbook.approval.DestructiveStepGuard;
import static com.logicor.runbook.postgresql.RestorePostgresqlProcess.VAR_DATABASE;
import org.springframework.stereotype.Component;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.restore.RestoreArtifacts;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Step "Restore database" (one per database, sequential, each its own job): drop, restore, then check that
 * the database answers with its tables. Run again after a crash, it does the same database again.
 */
@Component("postgresRestoreDatabase")
public class PostgresRestoreDatabaseDelegate implements JavaDelegate {

    private final DestructiveStepGuard guard;
    private final Inventory inventory;
    private final RestoreArtifacts artifacts;
    private final PostgresRestore restore;

    public PostgresRestoreDatabaseDelegate(Inventory inventory, RestoreArtifacts artifacts, PostgresRestore restore, DestructiveStepGuard guard) {
        this.guard = guard;
        this.inventory = inventory;
        this.artifacts = artifacts;
        this.restore = restore;
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        guard.require(execution);
        ComponentSpec component = inventory.component(ComponentId.POSTGRESQL);
        String database = (String) execution.getVariable(VAR_DATABASE);
        restore.restoreDatabase(component, database, artifacts.recall(execution, database), PostgresRestore.scratchFor(execution.getProcessInstanceId()));
        long tables = restore.userTables(component, database);
        if (tables == 0) {
            throw new IllegalStateException("database " + database + " was restored but has no tables");
        }
        execution.setVariable("tables_" + database, tables);
    }
}
