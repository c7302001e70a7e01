package com.logicor.runbook.variables;

/** The variables every generated {@code restore-<id>} process shares, declared once. */
public final class RestoreVariables {

    /** In: the backup run to restore from (default: the newest verified one); out: the one chosen. */
    public static final ProcessVariable<String> BACKUP_RUN_ID = ProcessVariable.text("backupRunId");
    /** In: only preflight and plan, nothing touched. */
    public static final ProcessVariable<Boolean> DRY_RUN = ProcessVariable.flag("dryRun");
    /** In: whether the approval task applies (only an administrator's setting can make it false). */
    public static final ProcessVariable<Boolean> APPROVAL_REQUIRED = ProcessVariable.flag("approvalRequired");
    /** In: back up the current state (call activity scheduled-backup) before the first destructive step. */
    public static final ProcessVariable<Boolean> SAFETY_BACKUP = ProcessVariable.flag("safetyBackup");
    /** Out: the commands, one per line. */
    public static final ProcessVariable<String> PLAN = ProcessVariable.text("restorePlan");
    /** Out: what will be restored, with age and the checksum just re-verified. */
    public static final ProcessVariable<String> EVIDENCE = ProcessVariable.text("restoreEvidence");
    /** Out: what the phases ran, as {@code phase — target: command} lines (command/CommandJournal), for the audit. */
    public static final ProcessVariable<java.util.List<String>> EXECUTED = ProcessVariable.list("executedCommands");
    /** Out: why a phase failed, for the finally path and the recovery's record. */
    public static final ProcessVariable<String> FAILURE = ProcessVariable.text("failure");

    private RestoreVariables() {
    }
}
