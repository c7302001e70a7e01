package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPONENT;
import static com.logicor.runbook.backup.ScheduledBackupProcess.PRUNED_LOCAL;
import static com.logicor.runbook.backup.ScheduledBackupProcess.PRUNED_REMOTE;
import static com.logicor.runbook.backup.ScheduledBackupProcess.VERIFIED_RUNS_BEFORE;

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
        String component = COMPONENT.get(execution);
        var report = pruner.prune(inventory.component(ComponentId.of(component)));
        PRUNED_LOCAL.setLocal(execution, (long) report.localPruned());
        PRUNED_REMOTE.setLocal(execution, (long) report.remotePruned());
        VERIFIED_RUNS_BEFORE.setLocal(execution, (long) report.runsBefore());
    }
}
