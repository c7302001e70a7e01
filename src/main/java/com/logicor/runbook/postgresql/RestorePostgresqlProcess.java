package com.logicor.runbook.postgresql;

/** Names shared by bpmn/restore-postgresql.bpmn and its delegates. */
public final class RestorePostgresqlProcess {

    public static final String KEY = "restore-postgresql";

    /** In: the backup run to restore from (default: the newest with verified PostgreSQL artifacts). */
    public static final String VAR_BACKUP_RUN_ID = "backupRunId";
    /** In: comma-separated databases (default: every database dumped in that run); out: the resolved list. */
    public static final String VAR_DATABASES = "databases";
    /** In: only preflight and the plan, nothing touched. */
    public static final String VAR_DRY_RUN = "dryRun";
    /** In: whether the approval gate applies (default runbook.restore.approval-required). */
    public static final String VAR_APPROVAL_REQUIRED = "approvalRequired";
    /** Out: the commands, one per line. */
    public static final String VAR_PLAN = "restorePlan";
    /** Out: what will be restored, with age and checksum verification, one artifact per line. */
    public static final String VAR_EVIDENCE = "restoreEvidence";
    /** Out: the container folder dumps are copied to. */
    public static final String VAR_SCRATCH = "scratch";
    /** Multi-instance element: the database of the current step. */
    public static final String VAR_DATABASE = "database";

    private RestorePostgresqlProcess() {
    }
}
