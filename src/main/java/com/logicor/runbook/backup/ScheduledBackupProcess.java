package com.logicor.runbook.backup;

import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;

/** Names and variables of process {@code scheduled-backup} (bpmn/scheduled-backup.bpmn), declared once. */
public final class ScheduledBackupProcess {

    public static final String KEY = "scheduled-backup";

    public static final String START = "start_backup_requested";
    public static final String SERVICE_OPEN_RUN = "service_open_backup_run";
    public static final String SUBPROCESS_COMPONENT = "subprocess_backup_component";
    public static final String SERVICE_BACKUP_COMPONENT = "service_backup_component";
    public static final String SERVICE_PRUNE_COMPONENT = "service_prune_component";
    public static final String SERVICE_CLOSE_RUN = "service_close_backup_run";
    public static final String END_SUCCEEDED = "end_backup_succeeded";
    public static final String END_NOT_ALL = "end_backup_not_all_verified";

    /**
     * Inputs: the component ids (missing or empty = all; a caller may give them as comma-separated text), how the
     * run was triggered, optional compression. The open step writes the settled component list back as a list.
     */
    public static final ProcessVariable<List<String>> COMPONENTS = ProcessVariable.list("components");
    public static final ProcessVariable<String> TRIGGER = ProcessVariable.text("triggerKind");
    public static final ProcessVariable<String> SCHEDULE = ProcessVariable.text("scheduleName");
    public static final ProcessVariable<String> COMPRESSION = ProcessVariable.text("compression");

    /** Set by the process (or the run id by the caller that opened the catalog run first). */
    public static final ProcessVariable<String> RUN_ID = ProcessVariable.text("backupRunId");
    public static final ProcessVariable<String> STAMP = ProcessVariable.text("backupStamp");
    public static final ProcessVariable<String> RUN_STATUS = ProcessVariable.text("backupRunStatus");
    public static final ProcessVariable<String> MANIFEST = ProcessVariable.text("manifestLocation");

    /** Per component (the multi-instance element variable), and local to its steps. */
    public static final ProcessVariable<String> COMPONENT = ProcessVariable.text("component");
    public static final ProcessVariable<String> COMPONENT_OUTCOME = ProcessVariable.text("componentOutcome");
    public static final ProcessVariable<Long> PRUNED_LOCAL = ProcessVariable.number("prunedLocal");
    public static final ProcessVariable<Long> PRUNED_REMOTE = ProcessVariable.number("prunedRemote");
    public static final ProcessVariable<Long> VERIFIED_RUNS_BEFORE = ProcessVariable.number("verifiedRunsBefore");

    /** Start-form checkbox {@code include_<component>} (include_keeper, include_clickhouse, …). */
    public static ProcessVariable<Boolean> include(ComponentId component) {
        return ProcessVariable.flag("include_" + component.id());
    }

    public static final String INCIDENT_TYPE = "backupFailed";

    private ScheduledBackupProcess() {
    }
}
