package com.logicor.runbook.schedule;

import com.logicor.runbook.backup.BackupRuns;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Step of a fired backup timer: starts a {@code scheduled-backup} run of that component. */
@Component("startScheduledBackup")
public class StartScheduledBackupDelegate implements JavaDelegate {

    private final BackupRuns runs;

    public StartScheduledBackupDelegate(BackupRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String component = (String) execution.getVariable("scheduledComponent");
        String schedule = (String) execution.getVariable("scheduleName");
        var run = runs.start(List.of(component), "schedule", "schedule:" + component + "/" + schedule, null);
        execution.setVariable("startedRunId", run.id());
    }
}
