package com.logicor.runbook.postgresql;

import com.logicor.runbook.approval.DestructiveStepGuard;
import org.springframework.stereotype.Component;

import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.restore.RestoreArtifacts;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Step "Restore roles (globals)": idempotent — existing roles are kept, missing ones created. */
@Component("postgresRestoreGlobals")
public class PostgresRestoreGlobalsDelegate implements JavaDelegate {

    private final DestructiveStepGuard guard;
    private final Inventory inventory;
    private final RestoreArtifacts artifacts;
    private final PostgresRestore restore;

    public PostgresRestoreGlobalsDelegate(Inventory inventory, RestoreArtifacts artifacts, PostgresRestore restore, DestructiveStepGuard guard) {
        this.guard = guard;
        this.inventory = inventory;
        this.artifacts = artifacts;
        this.restore = restore;
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        guard.require(execution);
        int existing = restore.restoreGlobals(inventory.component(ComponentId.POSTGRESQL),
                artifacts.recall(execution, "globals"), PostgresRestore.scratchFor(execution.getProcessInstanceId()));
        execution.setVariableLocal("rolesAlreadyPresent", existing);
    }
}
