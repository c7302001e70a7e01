package com.logicor.runbook.security;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code --runbook.break-glass=reset-admin} starts the runbook as a one-shot command: the engine and its
 * database, but no web server (the service may be running on its port), no job executor and no resumed
 * jobs (nothing of a recovery may run twice), then {@link AdminPasswordReset} and exit.
 */
public class BreakGlassMode implements EnvironmentPostProcessor {

    public static final String PROPERTY = "runbook.break-glass";
    public static final String RESET_ADMIN = "reset-admin";
    private static final String JERSEY_REST = "org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = environment.getProperty(PROPERTY, "").trim();
        if (mode.isEmpty()) return;
        if (!RESET_ADMIN.equals(mode)) {
            throw new IllegalArgumentException(PROPERTY + " knows only '" + RESET_ADMIN + "'");
        }
        String excluded = environment.getProperty("spring.autoconfigure.exclude", "");
        environment.getPropertySources().addFirst(new MapPropertySource("runbook-break-glass", Map.of(
                "spring.main.web-application-type", "none",
                // engine REST's Jersey set-up assumes a servlet container even without one
                "spring.autoconfigure.exclude", (excluded.isBlank() ? "" : excluded + ",") + JERSEY_REST,
                "camunda.bpm.job-execution.enabled", "false",
                "runbook.jobs.resume-on-start", "false")));
    }

    /** True when the context was started as a break-glass command, which exits once its runner is done. */
    public static boolean requested(org.springframework.core.env.Environment environment) {
        return !environment.getProperty(PROPERTY, "").isBlank();
    }
}
