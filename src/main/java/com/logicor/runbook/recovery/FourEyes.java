package com.logicor.runbook.recovery;

import static com.logicor.runbook.recovery.FullClusterRecoveryProcess.VAR_APPROVED_BY;
import static com.logicor.runbook.recovery.FullClusterRecoveryProcess.VAR_ASSESSED_BY;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The four-eyes rule of "Approve recovery", in the engine: the user who assessed the incident can neither
 * claim nor complete the approval — whatever the form shows, whichever API is used. The call is rolled back
 * (the engine wraps a listener's exception, so the REST API answers 500 with this message, not 403); the
 * approver is recorded from the authenticated user.
 */
@Component("recoveryFourEyes")
public class FourEyes implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        String assessor = (String) task.getVariable(VAR_ASSESSED_BY);
        String user = EVENTNAME_ASSIGNMENT.equals(task.getEventName()) ? task.getAssignee() : currentUser(task);
        if (user != null && user.equals(assessor)) {
            throw new AuthorizationException("four-eyes rule: " + user + " assessed this incident and cannot also "
                    + (EVENTNAME_ASSIGNMENT.equals(task.getEventName()) ? "take" : "complete") + " its approval; another member of "
                    + "recovery-approvers must approve");
        }
        if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            task.setVariable(VAR_APPROVED_BY, user);
        }
    }

    /** The authenticated user of the call completing the task; a task completed by no one is refused. */
    static String currentUser(DelegateTask task) {
        Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (auth == null || auth.getUserId() == null) {
            throw new AuthorizationException("task " + task.getName() + " must be completed by an authenticated user");
        }
        return auth.getUserId();
    }
}
