package com.logicor.runbook.restore;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * A destructive restore step whose failure must take the process's "finally" path (start again what was
 * stopped) instead of waiting as an incident with services down: any exception becomes the BPMN error
 * {@value #FAILED}, and the reason is kept in the variable {@code failure}.
 */
public final class GuardedStep {

    public static final String FAILED = "RESTORE_FAILED";

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private GuardedStep() {
    }

    public static void run(DelegateExecution execution, Work work) {
        try {
            work.run();
        } catch (Exception e) {
            String message = execution.getCurrentActivityName() + ": " + e.getMessage();
            execution.setVariable("failure", message);
            throw new BpmnError(FAILED, message);
        }
    }
}
