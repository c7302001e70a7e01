package com.logicor.runbook.restore;

import com.logicor.runbook.approval.ApprovalRefusedException;
import com.logicor.runbook.approval.DestructiveStepGuard;
import org.camunda.bpm.engine.delegate.BpmnError;
import com.logicor.runbook.variables.RestoreVariables;
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
        } catch (RetryLater e) {
            throw e;
        } catch (ApprovalRefusedException e) {
            // on the step itself: the case's own execution may stand at no activity (inside a sub-process); the
            // incident stays in the case's history with the refusal, and the failure variable says it too
            execution.createIncident(DestructiveStepGuard.INCIDENT_TYPE, execution.getCurrentActivityId(), e.getMessage());
            throw failed(execution, e);
        } catch (Exception e) {
            throw failed(execution, e);
        }
    }

    /**
     * Like {@link #run}, but a failure of the work (not a refusal) is thrown as is while the job has retries left, so
     * the engine retries it after its cycle; only the last attempt's failure takes the finally path.
     */
    public void runRetrying(DelegateExecution execution, Work work) {
        run(execution, () -> {
            try {
                work.run();
            } catch (Exception e) {
                if (retriesLeft(execution) > 1) throw new RetryLater(e);
                throw e;
            }
        });
    }

    private static int retriesLeft(DelegateExecution execution) {
        var job = execution.getProcessEngineServices().getManagementService().createJobQuery()
                .executionId(execution.getId()).activityId(execution.getCurrentActivityId()).singleResult();
        return job == null ? 0 : job.getRetries();
    }

    /** A failure the engine should retry: passed through as a plain exception. */
    private static final class RetryLater extends RuntimeException {
        RetryLater(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static BpmnError failed(DelegateExecution execution, Exception e) {
        String message = execution.getCurrentActivityName() + ": " + e.getMessage();
        RestoreVariables.FAILURE.set(execution, message);
        return new BpmnError(FAILED, message);
    }
}
