package com.logicor.runbook.security;

import java.util.List;
import org.camunda.bpm.engine.authorization.Groups;

/**
 * The runbook's roles, as Camunda groups (docs/security.md has the matrix of who may do what). Members are
 * managed in Camunda Admin; the groups and their grants are created at start-up.
 */
public final class RunbookGroups {

    /** Start recoveries and single-component restores, work their (non-approval) tasks, read history. */
    public static final String RECOVERY_OPERATORS = "recovery-operators";
    /** Work approval tasks only: the second pair of eyes. */
    public static final String RECOVERY_APPROVERS = "recovery-approvers";
    /** Start backups, pause and resume schedules. */
    public static final String BACKUP_OPERATORS = "backup-operators";
    /** Read the catalog, runs, incident records and history. */
    public static final String RUNBOOK_VIEWERS = "runbook-viewers";
    /** Camunda's administrators: everything, including configuration and identity. */
    public static final String ADMINS = Groups.CAMUNDA_ADMIN;

    /** Every non-admin role, in the order of the role matrix. */
    public static final List<String> ROLES = List.of(RECOVERY_OPERATORS, RECOVERY_APPROVERS, BACKUP_OPERATORS, RUNBOOK_VIEWERS);

    private RunbookGroups() {
    }
}
