package com.logicor.runbook.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Break glass: sets the administrator's password from the host, unlocks the account and puts it back in
 * the admin group — for a lost password or an admin that nobody else can unlock. The new password comes
 * from {@code RUNBOOK_ADMIN_RESET_PASSWORD} or, without it, from the terminal / the first line of stdin;
 * it is never printed or logged. Runs only in break-glass mode ({@link BreakGlassMode}), which then exits.
 */
@Component
@ConditionalOnProperty(name = BreakGlassMode.PROPERTY, havingValue = BreakGlassMode.RESET_ADMIN)
public class AdminPasswordReset implements ApplicationRunner {

    static final int MIN_LENGTH = 12;

    private final IdentityService identityService;
    private final String adminId;
    private final String configuredPassword;

    public AdminPasswordReset(IdentityService identityService,
                              @Value("${runbook.admin.user:admin}") String adminId,
                              @Value("${runbook.admin.reset-password:}") String configuredPassword) {
        this.identityService = identityService;
        this.adminId = adminId;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        String password = configuredPassword == null || configuredPassword.isEmpty() ? readPassword() : configuredPassword;
        if (password == null || password.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the new admin password needs at least " + MIN_LENGTH + " characters");
        }
        User admin = identityService.createUserQuery().userId(adminId).singleResult();
        if (admin == null) {
            admin = identityService.newUser(adminId);
            admin.setFirstName("Runbook");
            admin.setLastName("Administrator");
        }
        admin.setPassword(password);
        identityService.saveUser(admin);
        identityService.unlockUser(adminId);
        if (identityService.createUserQuery().userId(adminId).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            identityService.createMembership(adminId, Groups.CAMUNDA_ADMIN);
        }
        System.out.println("Logicor Runbook: the password of '" + adminId + "' is reset, the account is unlocked and in "
                + Groups.CAMUNDA_ADMIN + ".");
    }

    private static String readPassword() {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("New password for the runbook administrator: ");
            return typed == null ? null : new String(typed);
        }
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the new admin password from stdin", e);
        }
    }
}
