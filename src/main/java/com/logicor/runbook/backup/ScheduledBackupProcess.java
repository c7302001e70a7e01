package com.logicor.runbook.backup;

/** Names of process {@code scheduled-backup} (bpmn/scheduled-backup.bpmn), declared once. */
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

    /** Inputs: comma-separated component ids (empty = all), how it was triggered, optional compression. */
    public static final String VAR_COMPONENTS = "components";
    public static final String VAR_TRIGGER = "triggerKind";
    public static final String VAR_SCHEDULE = "scheduleName";
    public static final String VAR_COMPRESSION = "compression";
    /** Start-form checkboxes: include_keeper, include_clickhouse, … */
    public static final String VAR_INCLUDE_PREFIX = "include_";

    /** Set by the process. */
    public static final String VAR_RUN_ID = "backupRunId";
    public static final String VAR_STAMP = "backupStamp";
    public static final String VAR_COMPONENT = "component";
    public static final String VAR_COMPONENT_OUTCOME = "componentOutcome";
    public static final String VAR_RUN_STATUS = "backupRunStatus";
    public static final String VAR_MANIFEST = "manifestLocation";

    public static final String INCIDENT_TYPE = "backupFailed";

    private ScheduledBackupProcess() {
    }
}
