package com.logicor.runbook.restore;

import com.logicor.runbook.approval.ApprovalRefusedException;
import com.logicor.runbook.approval.CaseHistory;
import com.logicor.runbook.approval.DestructiveStepGuard;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * A destructive step: first the approval guard (the evidence of an approval covers exactly what the step is about
 * to do), then the work. Any failure — a refusal included — becomes the BPMN error {@value #FAILED}, which takes the
 * process's "finally" path (start again what was stopped) instead of waiting as an incident with services down; the
 * reason is kept in the variable {@code failure}. A refusal also raises an incident on the case, so it stays visible.
 */
@Component
public class GuardedStep {

    public static final String FAILED = "RESTORE_FAILED";

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final DestructiveStepGuard guard;

    public GuardedStep(DestructiveStepGuard guard) {
        this.guard = guard;
    }

    public void run(DelegateExecution execution, Work work) {
        try {
            guard.require(execution);
            work.run();
        } catch (ApprovalRefusedException e) {
            execution.getProcessEngineServices().getRuntimeService().createIncident(DestructiveStepGuard.INCIDENT_TYPE,
                    CaseHistory.rootProcessInstanceId(execution), execution.getCurrentActivityId(), e.getMessage());
            throw failed(execution, e);
        } catch (Exception e) {
            throw failed(execution, e);
        }
    }

    private static BpmnError failed(DelegateExecution execution, Exception e) {
        String message = execution.getCurrentActivityName() + ": " + e.getMessage();
        execution.setVariable("failure", message);
        return new BpmnError(FAILED, message);
    }
}
