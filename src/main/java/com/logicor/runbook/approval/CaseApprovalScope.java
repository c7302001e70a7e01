package com.logicor.runbook.approval;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * What the approval of a process that only orchestrates others (a recovery) freezes, contributed by that process's
 * own package: the approval package knows the single-component restores, a recovery knows its assessment.
 */
public interface CaseApprovalScope {

    /** The process definition key this scope is for. */
    String processKey();

    /** The parameters its approval task freezes, in the names of {@link ApprovalScope} (restore.&lt;c&gt;.…). */
    ApprovalParameters toApprove(VariableScope scope);
}
