package com.logicor.runbook.security;

import static com.logicor.runbook.security.RunbookGroups.*;

import com.logicor.runbook.component.ComponentBlueprints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.schedule.BackupSchedules;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The runbook's roles as Camunda groups with least privilege (the matrix is in docs/security.md), reconciled on
 * every start: missing grants are created and any other grant of these groups on the managed resources — e.g.
 * the broad UPDATE grants of earlier versions — is removed. Tasks are worked through the engine's own per-task
 * grants to candidates ({@code TASK_WORK}, see {@code defaultUserPermissionNameForTask}), so no role holds
 * UPDATE on instances or tasks; who may approve a given case is decided by the approval gate, not by grants.
 */
@Component
public class RunbookRolesBootstrap implements ApplicationRunner {

    /** Processes operators start: the recovery, every component's restore and node-loss play, the redeploy. */
    static List<String> recoveryProcesses(ComponentBlueprints blueprints) {
        List<String> keys = new ArrayList<>(List.of("full-cluster-recovery", "ansible-redeploy", "inventory-check"));
        for (var b : blueprints.all()) {
            if (b.restore().isPresent()) keys.add("restore-" + b.id().id());
            b.nodeLoss().ifPresent(n -> keys.add(n.processKey()));
        }
        return keys;
    }
    public static final List<String> BACKUP_PROCESSES = List.of("scheduled-backup", "inventory-check");

    record Grant(Resource resource, String resourceId, Set<Permission> permissions) {}

    private static final Set<Permission> READ_PROCESS = Set.of(Permissions.READ, Permissions.READ_INSTANCE,
            Permissions.READ_HISTORY, Permissions.READ_TASK);
    private static final Set<Resource> MANAGED = Set.of(Resources.APPLICATION, Resources.PROCESS_DEFINITION,
            Resources.PROCESS_INSTANCE, Resources.TASK, Resources.FILTER, Resources.DEPLOYMENT, Resources.HISTORIC_TASK,
            Resources.HISTORIC_PROCESS_INSTANCE, Resources.BATCH, Resources.AUTHORIZATION, Resources.USER, Resources.GROUP);

    /**
     * The wanted grants per role. {@code scheduleKeys} are the generated timer processes of the inventory's
     * schedules ({@code backup-schedule-<component>-<name>}): every role reads them (GET /api/schedules), backup
     * operators also pause and resume them.
     */
    static Map<String, List<Grant>> grants(List<String> scheduleKeys, List<String> recoveryProcesses) {
        List<Grant> operators = new ArrayList<>(common("tasklist", "cockpit"));
        for (String key : recoveryProcesses) operators.add(new Grant(Resources.PROCESS_DEFINITION, key,
                union(READ_PROCESS, Set.of(Permissions.CREATE_INSTANCE))));
        operators.add(new Grant(Resources.PROCESS_DEFINITION, "scheduled-backup", READ_PROCESS));
        operators.add(new Grant(Resources.PROCESS_INSTANCE, Authorization.ANY, Set.of(Permissions.CREATE)));

        List<Grant> approvers = new ArrayList<>(common("tasklist", "cockpit"));
        for (String key : recoveryProcesses) approvers.add(new Grant(Resources.PROCESS_DEFINITION, key, READ_PROCESS));

        List<Grant> backup = new ArrayList<>(common("tasklist", "cockpit"));
        for (String key : BACKUP_PROCESSES) backup.add(new Grant(Resources.PROCESS_DEFINITION, key,
                union(READ_PROCESS, Set.of(Permissions.CREATE_INSTANCE))));
        // pausing a schedule suspends its timer's job definition and job, which the engine checks as UPDATE and
        // UPDATE_INSTANCE of that timer-only process (never of a recovery's)
        for (String key : scheduleKeys) backup.add(new Grant(Resources.PROCESS_DEFINITION, key, union(READ_PROCESS,
                Set.of(Permissions.UPDATE, Permissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.SUSPEND,
                        ProcessDefinitionPermissions.SUSPEND_INSTANCE))));
        backup.add(new Grant(Resources.PROCESS_INSTANCE, Authorization.ANY, Set.of(Permissions.CREATE)));
        for (String key : scheduleKeys) {
            operators.add(new Grant(Resources.PROCESS_DEFINITION, key, READ_PROCESS));
            approvers.add(new Grant(Resources.PROCESS_DEFINITION, key, READ_PROCESS));
        }

        List<Grant> viewers = new ArrayList<>(common("cockpit"));
        viewers.add(new Grant(Resources.PROCESS_DEFINITION, Authorization.ANY, READ_PROCESS));
        return Map.of(RECOVERY_OPERATORS, operators, RECOVERY_APPROVERS, approvers, BACKUP_OPERATORS, backup,
                RUNBOOK_VIEWERS, viewers);
    }

    private static List<Grant> common(String... applications) {
        List<Grant> grants = new ArrayList<>();
        for (String app : applications) grants.add(new Grant(Resources.APPLICATION, app, Set.of(Permissions.ACCESS)));
        grants.add(new Grant(Resources.FILTER, Authorization.ANY, Set.of(Permissions.READ)));
        grants.add(new Grant(Resources.DEPLOYMENT, Authorization.ANY, Set.of(Permissions.READ)));
        return grants;
    }

    private static Set<Permission> union(Set<Permission> a, Set<Permission> b) {
        Set<Permission> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final Inventory inventory;
    private final List<String> recoveryProcesses;

    public RunbookRolesBootstrap(IdentityService identityService, AuthorizationService authorizationService, Inventory inventory,
                                 ComponentBlueprints blueprints) {
        this.recoveryProcesses = recoveryProcesses(blueprints);
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.inventory = inventory;
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, String> names = Map.of(RECOVERY_OPERATORS, "Recovery operators", RECOVERY_APPROVERS, "Recovery approvers",
                BACKUP_OPERATORS, "Backup operators", RUNBOOK_VIEWERS, "Runbook viewers");
        List<String> scheduleKeys = inventory.components().stream()
                .flatMap(c -> c.schedules().stream().map(s -> BackupSchedules.processKey(c.id(), s.name()))).toList();
        grants(scheduleKeys, recoveryProcesses).forEach((group, grants) -> {
            ensureGroup(group, names.get(group));
            reconcile(group, grants);
        });
    }

    private void ensureGroup(String groupId, String name) {
        if (identityService.createGroupQuery().groupId(groupId).count() > 0) return;
        Group group = identityService.newGroup(groupId);
        group.setName(name);
        group.setType("WORKFLOW");
        identityService.saveGroup(group);
    }

    /**
     * Keeps exactly the wanted grants of {@code groupId}: per-task grants the engine gives candidates (a task's own id)
     * are left alone; any other grant on a managed resource that is not wanted as it stands is removed.
     */
    private void reconcile(String groupId, List<Grant> wanted) {
        List<Grant> missing = new ArrayList<>(wanted);
        for (Authorization a : authorizationService.createAuthorizationQuery().groupIdIn(groupId).list()) {
            Resource resource = resourceOf(a.getResourceType());
            if (resource == null || !MANAGED.contains(resource)) continue;
            if (resource == Resources.TASK && !Authorization.ANY.equals(a.getResourceId())) continue;
            Grant match = wanted.stream().filter(g -> g.resource().resourceType() == a.getResourceType()
                    && g.resourceId().equals(a.getResourceId()) && a.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT
                    && exactly(a, g.permissions())).findFirst().orElse(null);
            if (match == null) {
                authorizationService.deleteAuthorization(a.getId());
            } else {
                missing.remove(match);
            }
        }
        for (Grant g : missing) {
            Authorization a = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            a.setGroupId(groupId);
            a.setResource(g.resource());
            a.setResourceId(g.resourceId());
            g.permissions().forEach(a::addPermission);
            authorizationService.saveAuthorization(a);
        }
    }

    /** The grant holds exactly these permissions (NONE and ALL are not single permissions). */
    private static boolean exactly(Authorization a, Set<Permission> permissions) {
        if (a.isEveryPermissionGranted() || !permissions.stream().allMatch(a::isPermissionGranted)) return false;
        for (Permissions p : Permissions.values()) {
            if (p == Permissions.NONE || p == Permissions.ALL) continue;
            boolean wanted = permissions.stream().anyMatch(w -> w.getValue() == p.getValue());
            if (a.isPermissionGranted(p) != wanted) return false;
        }
        return true;
    }

    private static Resource resourceOf(int type) {
        for (Resources r : Resources.values()) if (r.resourceType() == type) return r;
        return null;
    }
}
