package com.logicor.runbook.security;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;

/** The engine's authenticated user of the call that completes a human step; never a form field. */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The user, or a refusal: a human step completed by no one is refused. */
    public static String of(DelegateTask task) {
        String user = orNull(task);
        if (user == null) {
            throw new AuthorizationException("task " + task.getName() + " must be completed by an authenticated user");
        }
        return user;
    }

    /** The user, or null when the engine was called without one (a rule then decides what that means). */
    public static String orNull(DelegateTask task) {
        Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return auth == null ? null : auth.getUserId();
    }
}
