package com.logicor.runbook.security;

import static com.logicor.runbook.security.RunbookGroups.ADMINS;
import static com.logicor.runbook.security.RunbookGroups.BACKUP_OPERATORS;
import static com.logicor.runbook.security.RunbookGroups.RECOVERY_APPROVERS;
import static com.logicor.runbook.security.RunbookGroups.RECOVERY_OPERATORS;
import static com.logicor.runbook.security.RunbookGroups.RUNBOOK_VIEWERS;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The role matrix of {@code /api} and {@code /actuator}: which groups may call what. The security chain is
 * built from this list and a refusal names the rule it broke, so the matrix exists once (docs/security.md
 * shows it). Anything under {@code /api} or {@code /actuator} not listed here is refused to everyone.
 */
public final class ApiAccessRules {

    /** One line of the matrix: requests matching {@code method pattern} need one of {@code groups}. */
    public record Rule(HttpMethod method, String pattern, String action, List<String> groups) {

        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }

        /** What a refused caller is told: the request shape and who may make it. */
        public String describe() {
            return method.name() + " " + pattern + " (" + action + ") needs one of the groups " + String.join(", ", groups);
        }
    }

    static final List<String> READERS = List.of(RUNBOOK_VIEWERS, RECOVERY_OPERATORS, RECOVERY_APPROVERS, BACKUP_OPERATORS, ADMINS);
    static final List<String> INVENTORY_CHECKERS = List.of(RECOVERY_OPERATORS, BACKUP_OPERATORS, ADMINS);
    static final List<String> BACKUP_STARTERS = List.of(BACKUP_OPERATORS, ADMINS);

    /** Open to anyone: load balancers ask it; it shows no details. */
    public static final String HEALTH = "/actuator/health";

    public static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, "/api/backups/runs", "start a backup run", BACKUP_STARTERS),
            new Rule(HttpMethod.POST, "/api/schedules/*/*/enable", "resume a backup schedule", BACKUP_STARTERS),
            new Rule(HttpMethod.POST, "/api/schedules/*/*/disable", "pause a backup schedule", BACKUP_STARTERS),
            new Rule(HttpMethod.GET, "/api/inventory/check", "probe the inventory's hosts", INVENTORY_CHECKERS),
            new Rule(HttpMethod.GET, "/api/backups", "read the backup catalog", READERS),
            new Rule(HttpMethod.GET, "/api/backups/**", "read the backup catalog and runs", READERS),
            new Rule(HttpMethod.GET, "/api/schedules", "read the backup schedules", READERS),
            new Rule(HttpMethod.GET, "/api/incidents", "read the incident records", READERS),
            new Rule(HttpMethod.GET, "/api/incidents/**", "read the incident records", READERS),
            new Rule(HttpMethod.GET, "/actuator/prometheus", "read the metrics", READERS),
            new Rule(HttpMethod.GET, "/actuator/info", "read the build info", READERS));

    /** What a request outside the matrix is told. */
    public static final String DENY_BY_DEFAULT = "only the requests of the role matrix are allowed (docs/security.md)";

    private ApiAccessRules() {
    }

    /** The first rule the request falls under, as the security chain decides it. */
    public static Optional<Rule> ruleFor(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matcher().matches(request)).findFirst();
    }
}
