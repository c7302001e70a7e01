package com.logicor.runbook.security;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The two groups the recovery runbook's human steps belong to, with what their members need in Tasklist and
 * over REST: {@code recovery-operators} start recoveries and assess them, {@code recovery-approvers} approve.
 * Created on every start if missing (idempotent); an administrator adds people to them in Camunda Admin.
 * Who may approve a given recovery is decided by the process itself (four eyes), not by these grants.
 */
@Component
public class RecoveryGroupsBootstrap implements ApplicationRunner {

    public static final String OPERATORS = RunbookGroups.RECOVERY_OPERATORS;
    public static final String APPROVERS = RunbookGroups.RECOVERY_APPROVERS;

    private record Grant(Resource resource, List<Permission> permissions) {}

    private static final List<Grant> GRANTS = List.of(
            new Grant(Resources.APPLICATION, List.of(Permissions.ACCESS)),
            new Grant(Resources.PROCESS_DEFINITION, List.of(Permissions.READ, Permissions.CREATE_INSTANCE,
                    Permissions.READ_INSTANCE, Permissions.READ_HISTORY, Permissions.READ_TASK, Permissions.TASK_WORK,
                    Permissions.UPDATE_INSTANCE)),
            new Grant(Resources.PROCESS_INSTANCE, List.of(Permissions.CREATE, Permissions.READ, Permissions.UPDATE)),
            new Grant(Resources.TASK, List.of(Permissions.READ, Permissions.UPDATE, Permissions.TASK_WORK)),
            new Grant(Resources.FILTER, List.of(Permissions.READ)),
            new Grant(Resources.DEPLOYMENT, List.of(Permissions.READ)));

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;

    public RecoveryGroupsBootstrap(IdentityService identityService, AuthorizationService authorizationService) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure(OPERATORS, "Recovery operators");
        ensure(APPROVERS, "Recovery approvers");
    }

    private void ensure(String groupId, String name) {
        if (identityService.createGroupQuery().groupId(groupId).count() == 0) {
            Group group = identityService.newGroup(groupId);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
        }
        for (Grant grant : GRANTS) {
            boolean present = authorizationService.createAuthorizationQuery().groupIdIn(groupId)
                    .resourceType(grant.resource()).resourceId(Authorization.ANY).count() > 0;
            if (present) continue;
            Authorization a = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            a.setGroupId(groupId);
            a.setResource(grant.resource());
            a.setResourceId(Authorization.ANY);
            grant.permissions().forEach(a::addPermission);
            authorizationService.saveAuthorization(a);
        }
    }
}
