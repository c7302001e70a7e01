package com.logicor.runbook.restore;

import com.logicor.runbook.catalog.BackupCatalog;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On every end of a restore process: the artifacts it held against retention may be pruned again. (A restore
 * holds what it chose from preflight on, so that a backup's pruning cannot delete it mid-restore.)
 */
@Component("releaseRestoreHolds")
public class ReleaseRestoreHoldsListener implements ExecutionListener {

    private final BackupCatalog catalog;

    public ReleaseRestoreHoldsListener(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void notify(DelegateExecution execution) {
        catalog.releaseHolds(execution.getProcessInstanceId());
    }
}
