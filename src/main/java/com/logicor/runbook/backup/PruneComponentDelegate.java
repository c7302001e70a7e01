package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.VAR_COMPONENT;

import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Step "Prune by retention" of each component, after its backup; counts go to history as local variables. */
@Component("pruneComponent")
public class PruneComponentDelegate implements JavaDelegate {

    private final Inventory inventory;
    private final RetentionPruner pruner;

    public PruneComponentDelegate(Inventory inventory, RetentionPruner pruner) {
        this.inventory = inventory;
        this.pruner = pruner;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String component = (String) execution.getVariable(VAR_COMPONENT);
        var report = pruner.prune(inventory.component(ComponentId.of(component)));
        execution.setVariableLocal("prunedLocal", report.localPruned());
        execution.setVariableLocal("prunedRemote", report.remotePruned());
        execution.setVariableLocal("verifiedRunsBefore", report.runsBefore());
    }
}
