package com.logicor.runbook.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one check in front of every destructive step: an approval row exists for the step's case (its root process
 * instance), its approver is still allowed to approve (in {@code recovery-approvers}, neither starter nor assessor),
 * and every parameter the step is about to use equals the approved one. Process variables are only what is being
 * checked, never the evidence. Without an approval a step runs only where an administrator turned approvals off
 * ({@code runbook.restore.approval-required=false}); a dry run never reaches a destructive step.
 */
@Component
public class DestructiveStepGuard {

    private static final Logger log = LoggerFactory.getLogger(DestructiveStepGuard.class);
    public static final String INCIDENT_TYPE = "approvalRefused";

    private final ApprovalScope scope;
    private final ApprovalRecords records;
    private final ApproverEligibility eligibility;
    private final CaseHistory cases;
    private final boolean approvalRequired;

    public DestructiveStepGuard(ApprovalScope scope, ApprovalRecords records, ApproverEligibility eligibility,
                                CaseHistory cases, @Value("${runbook.restore.approval-required:true}") boolean approvalRequired) {
        this.scope = scope;
        this.records = records;
        this.eligibility = eligibility;
        this.cases = cases;
        this.approvalRequired = approvalRequired;
    }

    /** Whether approvals are required ({@code runbook.restore.approval-required}, on unless an administrator turned it off). */
    public boolean approvalsRequired() {
        return approvalRequired;
    }

    /** Returns when the step may act; otherwise throws {@link ApprovalRefusedException} naming the reason. */
    public void require(DelegateExecution execution) {
        refusal(execution).ifPresent(reason -> {
            String message = "approval guard refused " + execution.getCurrentActivityId() + ": " + reason + "; nothing was touched";
            log.warn("{} (process instance {})", message, execution.getProcessInstanceId());
            throw new ApprovalRefusedException(message);
        });
    }

    /** Why the step of {@code execution} may not act now; empty when an approval covers it. */
    public Optional<String> refusal(DelegateExecution execution) {
        ApprovalParameters inUse = scope.inUse(cases.processKey(execution), execution);
        if ("true".equals(inUse.get(ApprovalScope.DRY_RUN))) {
            return Optional.of("this is a dry run, and a dry run never runs a destructive step");
        }
        String root = CaseHistory.rootProcessInstanceId(execution);
        List<ApprovalRecord> approvals = records.ofRoot(root).stream().filter(ApprovalRecord::approved).toList();
        if (approvals.isEmpty() && !approvalRequired) return Optional.empty(); // an administrator turned approvals off
        return uncovered(root, approvals, inUse);
    }

    /** Why no approval of its case covers what the step of {@code execution} would do; empty when one does. */
    public Optional<String> uncovered(DelegateExecution execution) {
        String root = CaseHistory.rootProcessInstanceId(execution);
        return uncovered(root, records.ofRoot(root).stream().filter(ApprovalRecord::approved).toList(),
                scope.inUse(cases.processKey(execution), execution));
    }

    private Optional<String> uncovered(String root, List<ApprovalRecord> approvals, ApprovalParameters inUse) {
        if (approvals.isEmpty()) return Optional.of("no approval is recorded for case " + root);
        List<String> reasons = new ArrayList<>();
        for (ApprovalRecord approval : approvals) {
            Optional<String> approver = eligibility.refusal(approval.approver(), "give", approval.starter(), approval.assessorSet());
            List<String> mismatches = approval.parameters().mismatches(inUse);
            if (approver.isEmpty() && mismatches.isEmpty()) return Optional.empty();
            approver.ifPresent(reasons::add);
            if (!mismatches.isEmpty()) reasons.add("the approval by " + approval.approver() + " does not cover this step: "
                    + String.join("; ", mismatches));
        }
        return Optional.of(String.join("; ", reasons));
    }
}
