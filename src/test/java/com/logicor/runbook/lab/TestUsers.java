package com.logicor.runbook.lab;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** The people of the tests (alice, bob, …), made once in the engine's identities, in the groups a test names. */
public final class TestUsers {

    private TestUsers() {
    }

    /** Creates {@code id} with {@code password} unless it exists, and makes it a member of each group it is not yet in. */
    public static void ensure(IdentityService identity, String id, String password, String... groups) {
        if (identity.createUserQuery().userId(id).count() == 0) {
            User user = identity.newUser(id);
            user.setPassword(password);
            identity.saveUser(user);
        }
        for (String group : groups) {
            if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) identity.createMembership(id, group);
        }
    }
}
