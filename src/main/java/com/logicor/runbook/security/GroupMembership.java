package com.logicor.runbook.security;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

/** Whether a user is a member of one of the runbook's groups, asked of the engine's identities whoever is calling. */
@Component
public class GroupMembership {

    private final IdentityService identity;
    private final EngineAsSystem system;

    public GroupMembership(IdentityService identity, EngineAsSystem system) {
        this.identity = identity;
        this.system = system;
    }

    public boolean isMember(String user, String group) {
        return system.call(() -> identity.createUserQuery().userId(user).memberOfGroup(group).count()) > 0;
    }
}
