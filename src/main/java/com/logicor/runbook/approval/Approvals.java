package com.logicor.runbook.approval;

import java.util.Comparator;
import java.util.Optional;
import com.logicor.runbook.variables.RestoreVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What the processes' gateways and call activities ask about approvals ({@code ${approvals.…}}), answered from the
 * approval rows instead of variables a caller could write:
 * {@code taskNeeded} (does this restore still need its own approval task), {@code approved} (the decision on the
 * task just completed), {@code covers}/{@code parameter} (what the recovery's approval froze, for its restore chain).
 */
@Component("approvals")
public class Approvals {

    private final ApprovalRecords records;
    private final DestructiveStepGuard guard;

    public Approvals(ApprovalRecords records, DestructiveStepGuard guard) {
        this.records = records;
        this.guard = guard;
    }

    /**
     * A restore asks for its own approval unless an approval of its case already covers exactly what it will do
     * (a recovery's restores), or an administrator turned approvals off and the starter asked for none.
     */
    public boolean taskNeeded(DelegateExecution execution) {
        if (!guard.approvalsRequired() && Boolean.FALSE.equals(RestoreVariables.APPROVAL_REQUIRED.getOrDefault(execution, null))) return false;
        return guard.uncovered(execution).isPresent();
    }

    /** The decision recorded for the newest approval task of this process instance. */
    public boolean approved(DelegateExecution execution) {
        return newestDecision(execution).map(ApprovalRecord::approved).orElse(false);
    }

    /** Whether the approved recovery restores {@code component} (the restore chain's gateways). */
    public boolean covers(DelegateExecution execution, String component) {
        return parameter(execution, "restore." + component + ".backupRunId") != null;
    }

    /** An approved parameter of this process instance's approval, or null (the restore chain's inputs). */
    public String parameter(DelegateExecution execution, String name) {
        return newestDecision(execution).filter(ApprovalRecord::approved).map(r -> r.parameters().get(name)).orElse(null);
    }

    /** The newest decision taken on an approval task of this very process instance. */
    private Optional<ApprovalRecord> newestDecision(DelegateExecution execution) {
        return records.ofRoot(CaseHistory.rootProcessInstanceId(execution)).stream()
                .filter(r -> r.processInstanceId().equals(execution.getProcessInstanceId()))
                .max(Comparator.comparing(ApprovalRecord::decidedAt).thenComparing(ApprovalRecord::id));
    }

    /** An approved boolean parameter (false when absent). */
    public boolean flag(DelegateExecution execution, String name) {
        return "true".equals(parameter(execution, name));
    }
}
