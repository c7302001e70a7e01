package com.logicor.runbook.security;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Runs an engine query without the caller's authorizations: the runbook's own checks must see the whole case
 * (who started it, who completed which task) even when the calling user may not read all of it.
 */
@Component
public class EngineAsSystem {

    private final IdentityService identity;

    public EngineAsSystem(IdentityService identity) {
        this.identity = identity;
    }

    public <T> T call(Supplier<T> query) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return query.get();
        } finally {
            if (caller != null) identity.setAuthentication(caller);
        }
    }
}
