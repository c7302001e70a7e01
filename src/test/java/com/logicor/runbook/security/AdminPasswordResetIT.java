package com.logicor.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.RunbookApplication;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Break glass: an admin who is throttled (or whose password is lost) and out of the admin group gets a new
 * password, an unlocked account and the group back from a command on the host; the command starts no web
 * server and leaves the rest of the database alone.
 */
class AdminPasswordResetIT {

    static final String OLD = "the-first-admin-password";
    static final String NEW = "the-break-glass-password";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start(String... extra) {
        String[] base = {"--server.port=0", "--runbook.data-dir=" + dataDir, "--runbook.inventory=",
                "--runbook.admin.password=" + OLD, "--camunda.bpm.job-execution.enabled=false",
                // a wrong password shuts the admin out for ten minutes: only the reset can let them in sooner
                "--runbook.login.delay-base-seconds=600", "--runbook.login.delay-max-seconds=600"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(RunbookApplication.class).run(args);
    }

    @Test
    void theResetCommandSetsThePasswordFromStdinUnlocksAndRestoresTheAdminGroup() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            IdentityService identity = app.getBean(IdentityService.class);
            assertThat(identity.checkPassword("admin", "wrong")).isFalse();
            assertThat(identity.checkPassword("admin", OLD)).as("throttled for ten minutes").isFalse();
            identity.deleteMembership("admin", Groups.CAMUNDA_ADMIN);
        }

        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream((NEW + "\n").getBytes(StandardCharsets.UTF_8)));
        try (ConfigurableApplicationContext command = start("--runbook.break-glass=reset-admin")) {
            assertThat(command).as("no web server in break-glass mode").isNotInstanceOf(WebServerApplicationContext.class);
        } finally {
            System.setIn(stdin);
        }

        try (ConfigurableApplicationContext app = start()) {
            IdentityService identity = app.getBean(IdentityService.class);
            assertThat(identity.createUserQuery().userId("admin").memberOfGroup(Groups.CAMUNDA_ADMIN).count()).isEqualTo(1);
            assertThat(identity.checkPassword("admin", NEW)).as("unlocked at once, new password").isTrue();
            assertThat(identity.checkPassword("admin", OLD)).isFalse();
        }
    }

    @Test
    void theResetCommandTakesThePasswordFromTheEnvironmentAndRefusesAShortOne() {
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBean(IdentityService.class).checkPassword("admin", OLD)).isTrue();
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> start("--runbook.break-glass=reset-admin", "--runbook.admin.reset-password=short").close()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
        try (ConfigurableApplicationContext command = start("--runbook.break-glass=reset-admin",
                "--runbook.admin.reset-password=" + NEW)) {
            assertThat(command.getBean(IdentityService.class).checkPassword("admin", NEW)).isTrue();
        }
    }
}
