package com.logicor.runbook.backup;

import static com.logicor.runbook.backup.ScheduledBackupProcess.COMPONENTS;

import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.streams.Compression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Starting backup runs and reading their component lists; the one place that knows how a run begins. */
@Component("backupRuns")
public class BackupRuns {

    /** Longer than any component id or compression code: refused without being echoed back. */
    static final int MAX_NAME_LENGTH = 32;

    private final BackupCatalog catalog;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final AuthorizationService authorizations;

    private final ComponentBlueprints blueprints;

    public BackupRuns(BackupCatalog catalog, RuntimeService runtime, IdentityService identity,
                      AuthorizationService authorizations, ComponentBlueprints blueprints) {
        this.catalog = catalog;
        this.runtime = runtime;
        this.identity = identity;
        this.authorizations = authorizations;
        this.blueprints = blueprints;
    }

    /**
     * Validated component ids in the regulation's order; empty or null means all seven. An entry may still hold
     * several ids separated by commas or blanks (as typed into a start form or a REST start).
     */
    public List<String> parse(List<String> requested) {
        List<String> wanted = requested == null ? List.of() : requested.stream()
                .flatMap(r -> Arrays.stream(r.split("[,\\s]+"))).filter(s -> !s.isBlank()).distinct().toList();
        if (wanted.isEmpty()) {
            return blueprints.ids();
        }
        List<String> unknown = wanted.stream().filter(id -> blueprints.find(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown component(s): " + String.join(", ", unknown)
                    + "; known: " + knownText());
        }
        List<String> ordered = new ArrayList<>();
        for (String id : blueprints.ids()) {
            if (wanted.contains(id)) ordered.add(id);
        }
        return ordered;
    }

    /** The multi-instance collection of the process: the component list, validated again. */
    public List<String> componentsOf(VariableScope scope) {
        return parse(COMPONENTS.getOrDefault(scope, List.of()));
    }

    /**
     * Starts a run: the catalog row first, so the caller has its id at once, then the process. Everything
     * that can refuse the request (components, compression, the engine's authorizations of the current
     * user) is checked before the row is written; a process that still fails to start closes its row as
     * failed instead of leaving it {@code running}.
     */
    public BackupRun start(List<String> components, String triggerKind, String requestedBy, String compression) {
        List<String> chosen = validated(components);
        if (compression != null) {
            if (compression.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("compression must be one of zstd, gzip, none");
            }
            Compression.of(compression);
        }
        ensureCurrentUserMayStart();
        BackupRun run = catalog.startRun(triggerKind, requestedBy, chosen, null);
        // start variables are a map, not a scope: the list goes in as text, and the open step stores it as a list
        var variables = Variables.createVariables()
                .putValue(COMPONENTS.name(), String.join(",", chosen))
                .putValue(ScheduledBackupProcess.TRIGGER.name(), triggerKind)
                .putValue(ScheduledBackupProcess.RUN_ID.name(), run.id());
        if (compression != null) {
            variables.putValue(ScheduledBackupProcess.COMPRESSION.name(), compression);
        }
        String pid;
        try {
            pid = runtime.startProcessInstanceByKey(ScheduledBackupProcess.KEY, run.id(), (Map<String, Object>) variables).getId();
        } catch (RuntimeException e) {
            catalog.finishRun(run.id(), "failed", "the backup process did not start (" + e.getClass().getSimpleName() + ")");
            throw e;
        }
        catalog.attachProcessInstance(run.id(), pid);
        return catalog.findRun(run.id()).orElseThrow();
    }

    /** A requested component list: empty means all; each named once, each a known component. */
    private List<String> validated(List<String> components) {
        if (components.size() > blueprints.ids().size()) {
            throw new IllegalArgumentException("at most " + blueprints.ids().size() + " components; known: " + knownText());
        }
        for (String c : components) {
            if (c == null || c.isBlank() || c.length() > MAX_NAME_LENGTH || blueprints.find(c).isEmpty()) {
                throw new IllegalArgumentException("components must be among: " + knownText());
            }
        }
        if (components.stream().distinct().count() < components.size()) {
            throw new IllegalArgumentException("a component is named twice");
        }
        return parse(components);
    }

    /** The engine would refuse the start to the current user: refuse before the catalog row exists. */
    private void ensureCurrentUserMayStart() {
        var auth = identity.getCurrentAuthentication();
        if (auth == null) return;
        record Needed(Permission permission, Resource resource, String id) {}
        for (Needed needed : List.of(
                new Needed(Permissions.CREATE, Resources.PROCESS_INSTANCE, null),
                new Needed(Permissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, ScheduledBackupProcess.KEY))) {
            boolean granted = needed.id() == null
                    ? authorizations.isUserAuthorized(auth.getUserId(), auth.getGroupIds(), needed.permission(), needed.resource())
                    : authorizations.isUserAuthorized(auth.getUserId(), auth.getGroupIds(), needed.permission(), needed.resource(), needed.id());
            if (!granted) {
                throw new AuthorizationException(auth.getUserId(), needed.permission().getName(),
                        needed.resource().resourceName(), needed.id() == null ? "*" : needed.id());
            }
        }
    }

    /** The components a backup can include, in the regulation's order. */
    public List<String> known() {
        return blueprints.ids();
    }

    private String knownText() {
        return String.join(", ", blueprints.ids());
    }
}
