package com.logicor.runbook.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks HTTP Basic credentials with the engine's identity service, so /api knows the same accounts as
 * Cockpit, Tasklist and engine REST, and the engine's login throttle (a growing, capped delay after wrong
 * passwords) applies here too. The caller's groups become the authorities the role matrix asks for.
 * Every failure is the same "bad credentials": unknown user, wrong password and a throttled account are
 * not told apart.
 */
public class EngineIdentityAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identityService;

    public EngineIdentityAuthenticationProvider(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? null : credentials.toString();
        if (userId == null || userId.isEmpty() || password == null || password.isEmpty()
                || !identityService.checkPassword(userId, password)) {
            throw new BadCredentialsException("bad credentials");
        }
        List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
        List<String> tenants = identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list()
                .stream().map(Tenant::getId).toList();
        EngineUser user = new EngineUser(userId, groups, tenants);
        return UsernamePasswordAuthenticationToken.authenticated(user, null,
                groups.stream().map(SimpleGrantedAuthority::new).toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
