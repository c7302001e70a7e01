package com.logicor.runbook.schedule;

import com.logicor.runbook.backup.BackupRuns;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Step of a fired backup timer (the processes {@link BackupSchedules} generates): starts a {@code scheduled-backup}
 * run of that component. Its variables are declared here, beside the generated process's only step.
 */
@Component("startScheduledBackup")
public class StartScheduledBackupDelegate implements JavaDelegate {

    /** Input parameters of the step, written into the generated model. */
    public static final ProcessVariable<String> SCHEDULED_COMPONENT = ProcessVariable.text("scheduledComponent");
    public static final ProcessVariable<String> SCHEDULE_NAME = ProcessVariable.text("scheduleName");
    /** Out: the backup run it started. */
    public static final ProcessVariable<String> STARTED_RUN_ID = ProcessVariable.text("startedRunId");

    private final BackupRuns runs;

    public StartScheduledBackupDelegate(BackupRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String component = SCHEDULED_COMPONENT.get(execution);
        String schedule = SCHEDULE_NAME.get(execution);
        var run = runs.start(List.of(component), "schedule", "schedule:" + component + "/" + schedule, null);
        STARTED_RUN_ID.set(execution, run.id());
    }
}
