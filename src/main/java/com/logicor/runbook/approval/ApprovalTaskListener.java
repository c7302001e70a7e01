package com.logicor.runbook.approval;

import com.logicor.runbook.security.CurrentUser;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The engine side of every approval task ({@code ${approvalGate}} on create, assignment and complete):
 * <ul>
 *   <li>create: the parameters that an approval will freeze are shown on the task ({@code approvalParameters},
 *       {@code approvalSummary}, local to the task);</li>
 *   <li>assignment (claim, assign, delegate, resolve): the new assignee must be allowed to approve this case;</li>
 *   <li>complete: the authenticated user must be allowed to approve, the parameters must still be those shown,
 *       and the decision is written as an approval row — the evidence destructive steps check.</li>
 * </ul>
 * The HTTP policy refuses the same calls earlier with 403; this listener holds whichever API is used.
 */
@Component("approvalGate")
public class ApprovalTaskListener implements TaskListener {

    /** What the task shows and an approval will freeze, as JSON (task-local). */
    public static final ProcessVariable<String> PARAMETERS = ProcessVariable.text("approvalParameters");
    /** The same, readable, for the form (task-local). */
    public static final ProcessVariable<String> SUMMARY = ProcessVariable.text("approvalSummary");
    /** The approver's answer (the form's checkbox). */
    public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.flag("approved");
    /** Parameters the approver may still choose in a single restore's approval form (restore-approve) itself. */
    private static final Set<String> APPROVER_CHOICES = Set.of(ApprovalScope.SAFETY_BACKUP);

    private final ApprovalScope scope;
    private final ApprovalRecords records;
    private final ApproverEligibility eligibility;
    private final CaseHistory cases;

    public ApprovalTaskListener(ApprovalScope scope, ApprovalRecords records, ApproverEligibility eligibility,
                                CaseHistory cases) {
        this.scope = scope;
        this.records = records;
        this.eligibility = eligibility;
        this.cases = cases;
    }

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> show(task);
            case EVENTNAME_ASSIGNMENT -> {
                if (task.getAssignee() != null) refuseIfNotEligible(task, task.getAssignee(), "take");
            }
            case EVENTNAME_COMPLETE -> decide(task);
            default -> { }
        }
    }

    private void show(DelegateTask task) {
        // no answer yet: a value seeded in the process earlier (at its start, say) is never taken for the approver's
        APPROVED.set(task, false);
        ApprovalParameters parameters = scope.toApprove(cases.processKey(task.getExecution()), task.getExecution());
        PARAMETERS.setLocal(task, parameters.toJson());
        SUMMARY.setLocal(task, parameters.describe());
    }

    private void decide(DelegateTask task) {
        String user = CurrentUser.orNull(task);
        CaseHistory.Facts facts = refuseIfNotEligible(task, user, "complete");
        DelegateExecution execution = task.getExecution();
        String processKey = cases.processKey(execution);
        ApprovalParameters now = scope.toApprove(processKey, execution);
        // only the task's own (local) value counts, never one of that name seeded in the process; ProcessVariable
        // has no local read yet
        Object shownJson = PARAMETERS.findLocal(task).orElse(null);
        if (!(shownJson instanceof String shown)) {
            throw new ApprovalRefusedException("approval: the task shows no parameters to approve; it was not created by this runbook version");
        }
        boolean approverChooses = processKey.startsWith(ApprovalScope.RESTORE_PREFIX);
        List<String> changed = ApprovalParameters.fromJson(shown).mismatches(now).stream()
                .filter(m -> !approverChooses || APPROVER_CHOICES.stream().noneMatch(m::startsWith)).toList();
        if (!changed.isEmpty()) {
            throw new ApprovalRefusedException("approval: the parameters changed since this task was shown ("
                    + String.join("; ", changed) + "); nothing was approved");
        }
        ApprovalRecord.Decision decision = APPROVED.getOrDefault(task, false)
                ? ApprovalRecord.Decision.APPROVED : ApprovalRecord.Decision.REJECTED;
        records.insert(ApprovalRecord.decided(task, processKey, facts, decision, user, now));
    }

    private CaseHistory.Facts refuseIfNotEligible(DelegateTask task, String user, String action) {
        CaseHistory.Facts facts = cases.facts(CaseHistory.rootProcessInstanceId(task.getExecution()), task.getProcessInstanceId(), task.getId());
        eligibility.refusal(user, action, facts).ifPresent(reason -> {
            throw new ApprovalRefusedException(reason);
        });
        return facts;
    }
}
