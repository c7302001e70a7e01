package com.logicor.runbook.security;

import java.security.SecureRandom;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * There is no demo/demo. On the first start the administrator account is created with the password from
 * {@code RUNBOOK_ADMIN_PASSWORD}, or a random one printed once to the console. The engine stores only its
 * salted hash. Later starts leave the account alone: change the password in Camunda Admin.
 */
@Component
public class AdminUserBootstrap implements ApplicationRunner {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final String adminId;
    private final String configuredPassword;

    public AdminUserBootstrap(IdentityService identityService, AuthorizationService authorizationService,
                              @Value("${runbook.admin.user:admin}") String adminId,
                              @Value("${runbook.admin.password:}") String configuredPassword) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.adminId = adminId;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensureAdminGroup();
        if (identityService.createUserQuery().userId(adminId).count() > 0) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? randomPassword() : configuredPassword;
        User admin = identityService.newUser(adminId);
        admin.setFirstName("Runbook");
        admin.setLastName("Administrator");
        admin.setPassword(password);
        identityService.saveUser(admin);
        identityService.createMembership(adminId, Groups.CAMUNDA_ADMIN);
        if (generated) {
            // Deliberately the console, not the log: log files are shipped and kept.
            System.out.println();
            System.out.println("==========================================================================");
            System.out.println(" Logicor Runbook: created user '" + adminId + "' with password: " + password);
            System.out.println(" It is shown this once. Change it in Camunda Admin, or set");
            System.out.println(" RUNBOOK_ADMIN_PASSWORD before the first start of a fresh database.");
            System.out.println("==========================================================================");
            System.out.println();
        }
    }

    private void ensureAdminGroup() {
        if (identityService.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
            Group group = identityService.newGroup(Groups.CAMUNDA_ADMIN);
            group.setName("Camunda BPM Administrators");
            group.setType(Groups.GROUP_TYPE_SYSTEM);
            identityService.saveGroup(group);
        }
        for (Resource resource : Resources.values()) {
            boolean granted = authorizationService.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN)
                    .resourceType(resource).resourceId(Authorization.ANY).count() > 0;
            if (!granted) {
                Authorization all = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                all.setGroupId(Groups.CAMUNDA_ADMIN);
                all.setResource(resource);
                all.setResourceId(Authorization.ANY);
                all.addPermission(Permissions.ALL);
                authorizationService.saveAuthorization(all);
            }
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
