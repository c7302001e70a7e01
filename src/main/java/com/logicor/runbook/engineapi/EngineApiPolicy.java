package com.logicor.runbook.engineapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.approval.ApprovalTaskAccess;
import com.logicor.runbook.security.EngineAsSystem;
import java.util.ArrayList;
import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.component.RestoreInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * What a write call to the engine's API (engine REST and the webapps' {@code /camunda/api/engine}) may do, decided
 * before the engine runs it:
 * <ul>
 *   <li>approval tasks: only an eligible approver takes or completes one; nobody delegates, resolves or reassigns
 *       one to someone who may not approve, or writes its variables;</li>
 *   <li>a task completion submits only its form's fields (read-only ones unchanged); a start submits only the
 *       process's inputs, with no start instructions and no skipped listeners or mappings;</li>
 *   <li>a non-admin may only query, start processes and work tasks — no instance modification, restart, variable
 *       writes, job execution, deletion or identity changes, whatever the engine's grants say.</li>
 * </ul>
 * The engine's own authorizations still apply behind this; this closes what grants cannot express.
 */
@Component
public class EngineApiPolicy {

    public record Refusal(int status, String error, String rule) {}

    private static final Set<String> QUERY_RESOURCES = Set.of("task", "process-instance", "execution", "variable-instance",
            "job", "external-task", "process-definition", "deployment", "incident", "case-instance");
    private static final Set<String> HISTORY_QUERIES = Set.of("process-instance", "activity-instance", "task",
            "variable-instance", "detail", "incident", "job-log", "user-operation", "identity-link-log",
            "external-task-log", "decision-instance");
    private static final Set<String> TASK_WORK = Set.of("claim", "unclaim", "complete", "submit-form");
    private static final Set<String> APPROVAL_FORBIDDEN = Set.of("delegate", "resolve", "identity-links", "variables",
            "localVariables", "bpmnError", "bpmnEscalation", "attachment");
    private static final Set<String> START_OPTIONS_FORBIDDEN = Set.of("startInstructions", "skipCustomListeners", "skipIoMappings");
    /** Inputs of the processes that have no start form (docs/recovery.md); a form start takes its form's fields. */
    /** The common inputs of every generated restore process; a component adds the inputs its blueprint declares. */
    private static final List<String> RESTORE_INPUTS = List.of("backupRunId", "dryRun", "approvalRequired", "safetyBackup");

    /** What a caller may give when starting each process without a start form, from the component registry. */
    static Map<String, Set<String>> startInputs(ComponentBlueprints blueprints) {
        Map<String, Set<String>> inputs = new java.util.HashMap<>();
        for (ComponentBlueprint b : blueprints.restorable()) {
            Set<String> restore = new java.util.TreeSet<>(RESTORE_INPUTS);
            b.restore().orElseThrow().inputs().stream().filter(RestoreInput::startInput).map(RestoreInput::name).forEach(restore::add);
            inputs.put("restore-" + b.id().id(), Set.copyOf(restore));
            b.nodeLoss().ifPresent(n -> inputs.put(n.processKey(),
                    Set.of(n.startInput(), "dryRun", "approvalRequired", "backupRunId", "safetyBackup")));
        }
        inputs.put("ansible-redeploy", Set.of("dryRun", "approvalRequired"));
        inputs.put("inventory-check", Set.of());
        return Map.copyOf(inputs);
    }

    private final ApprovalTaskAccess approvals;
    private final FormFields forms;
    private final TaskService tasks;
    private final RepositoryService repository;
    private final EngineAsSystem system;

    private final Map<String, Set<String>> startInputs;

    public EngineApiPolicy(ApprovalTaskAccess approvals, FormFields forms, TaskService tasks, RepositoryService repository,
                           EngineAsSystem system, ComponentBlueprints blueprints) {
        this.startInputs = startInputs(blueprints);
        this.approvals = approvals;
        this.forms = forms;
        this.tasks = tasks;
        this.repository = repository;
        this.system = system;
    }

    /** {@code path} is relative to the engine ({@code /task/1/complete}); {@code body} may be null. */
    public Optional<Refusal> check(String user, boolean admin, String method, String path, JsonNode body) {
        List<String> s = segments(path);
        if (s.isEmpty()) return admin ? Optional.empty() : leastPrivilege(method, path);
        if (s.get(0).equals("task") && s.size() >= 2) {
            Optional<Refusal> r = task(user, admin, method, s, body);
            if (r.isPresent() || admin) return r;
            return isTaskWork(method, s) ? Optional.empty() : leastPrivilege(method, path);
        }
        if (s.get(0).equals("process-definition") && isStart(method, s)) return start(admin, s, body);
        if (admin) return Optional.empty();
        if (isQuery(method, s) || isSelfService(user, method, s)) return Optional.empty();
        return leastPrivilege(method, path);
    }

    private Optional<Refusal> task(String user, boolean admin, String method, List<String> s, JsonNode body) {
        String taskId = s.get(1);
        if (s.size() == 2 && (taskId.equals("create") || taskId.equals("count"))) return Optional.empty(); // not one task
        String op = s.size() >= 3 ? s.get(2) : "";
        boolean completes = op.equals("complete") || op.equals("submit-form");
        if (approvals.isApprovalTask(taskId)) {
            Optional<Refusal> refusal = approvalTask(user, admin, taskId, op, completes, body);
            if (refusal.isPresent()) return refusal;
        }
        return completes ? completion(taskId, body) : Optional.empty();
    }

    /** The four-eyes rules of an approval task, before the engine's listener enforces them again. */
    private Optional<Refusal> approvalTask(String user, boolean admin, String taskId, String op, boolean completes, JsonNode body) {
        if (op.isEmpty()) return forbidden("approval tasks cannot be changed or deleted", "approval-task"); // PUT, DELETE /task/{id}
        if (APPROVAL_FORBIDDEN.contains(op)) {
            return forbidden("approval tasks cannot be delegated, resolved, given other candidates or have variables "
                    + "written (" + op + ")", "approval-task");
        }
        String assignee = approvals.assignee(taskId);
        if (op.equals("unclaim") && !admin && assignee != null && !assignee.equals(user)) {
            return forbidden("only " + assignee + ", who took this approval, can give it back", "approval-task");
        }
        if (op.equals("claim") && assignee != null && !assignee.equals(user)) {
            return Optional.of(new Refusal(409, "this approval is already taken by " + assignee, "approval-task"));
        }
        if (completes) {
            JsonNode approved = body == null || body.get("variables") == null ? null : body.get("variables").get("approved");
            if (approved == null || approved.get("value") == null || !approved.get("value").isBoolean()) {
                return Optional.of(new Refusal(400, "an approval is decided explicitly: the completion needs the field "
                        + "approved (true or false)", "explicit-decision"));
            }
        }
        String target = op.equals("assignee") ? text(body, "userId") : op.equals("claim") || completes ? user : null;
        if (target == null) return Optional.empty();
        return approvals.refusal(taskId, target, completes ? "complete" : "take").map(reason -> new Refusal(403, reason, "four-eyes"));
    }

    private Optional<Refusal> completion(String taskId, JsonNode body) {
        Optional<Map<String, Boolean>> fields = system.call(() -> forms.ofTask(taskId));
        if (fields.isEmpty()) return Optional.empty(); // no Camunda Form: the engine answers for unknown tasks
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> v : variables(body)) {
            Boolean readonly = fields.get().get(v.getKey());
            if (readonly == null) {
                problems.add(v.getKey() + " is not a field of this task's form");
            } else if (readonly) {
                Object current = system.call(() -> tasks.getVariable(taskId, v.getKey()));
                JsonNode value = v.getValue().get("value");
                String sent = value == null || value.isNull() ? null : value.asText();
                String now = current == null ? null : current.toString();
                if (!(sent == null || sent.isEmpty() ? now == null || now.isEmpty() : sent.equals(now))) {
                    problems.add(v.getKey() + " is read-only in this task's form and cannot be changed");
                }
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(new Refusal(400,
                "the completion was refused: " + String.join("; ", problems), "form-fields-only"));
    }

    private Optional<Refusal> start(boolean admin, List<String> s, JsonNode body) {
        if (body != null && !admin) {
            for (String option : START_OPTIONS_FORBIDDEN) {
                JsonNode o = body.get(option);
                if (o != null && !o.isNull() && !(o.isBoolean() && !o.asBoolean()) && !(o.isArray() && o.isEmpty())) {
                    return forbidden(option + " is not allowed: a process starts at its start event, with its listeners and mappings",
                            "no-start-instructions");
                }
            }
        }
        if (admin) return Optional.empty();
        ProcessDefinition definition = definition(s);
        if (definition == null) return Optional.of(new Refusal(404, "no such process definition", "known-inputs-only"));
        Optional<Map<String, Boolean>> form = system.call(() -> forms.ofStart(definition.getId()));
        Set<String> allowed = form.map(Map::keySet).orElse(startInputs.get(definition.getKey()));
        if (allowed == null) return Optional.empty();
        List<String> unknown = variables(body).stream().map(Map.Entry::getKey).filter(k -> !allowed.contains(k)).toList();
        return unknown.isEmpty() ? Optional.empty() : Optional.of(new Refusal(400, "the start was refused: "
                + String.join(", ", unknown) + " is not an input of " + definition.getKey(), "known-inputs-only"));
    }

    private ProcessDefinition definition(List<String> s) {
        return system.call(() -> {
            if (s.get(1).equals("key")) {
                var q = repository.createProcessDefinitionQuery().processDefinitionKey(s.get(2)).latestVersion();
                if (s.size() > 5 && s.get(3).equals("tenant-id")) q = q.tenantIdIn(s.get(4));
                return q.singleResult();
            }
            return repository.createProcessDefinitionQuery().processDefinitionId(s.get(1)).singleResult();
        });
    }

    private static boolean isStart(String method, List<String> s) {
        if (!"POST".equals(method)) return false;
        String last = s.get(s.size() - 1);
        if (!last.equals("start") && !last.equals("submit-form")) return false;
        return s.size() == 3 || s.size() == 4 && s.get(1).equals("key") || s.size() == 6 && s.get(1).equals("key") && s.get(3).equals("tenant-id");
    }

    private static boolean isTaskWork(String method, List<String> s) {
        return "POST".equals(method) && (s.size() == 2 && (s.get(1).equals("count"))
                || s.size() == 3 && TASK_WORK.contains(s.get(2))
                || s.size() == 4 && s.get(2).equals("comment") && s.get(3).equals("create"));
    }

    private static boolean isQuery(String method, List<String> s) {
        if (!"POST".equals(method)) return false;
        if (s.size() <= 2 && QUERY_RESOURCES.contains(s.get(0)) && (s.size() == 1 || s.get(1).equals("count"))) return true;
        if (s.get(0).equals("history") && s.size() >= 2 && HISTORY_QUERIES.contains(s.get(1))
                && (s.size() == 2 || s.size() == 3 && s.get(2).equals("count"))) return true;
        return s.get(0).equals("filter") && s.size() == 3 && Set.of("list", "count", "singleResult").contains(s.get(2));
    }

    private static boolean isSelfService(String user, String method, List<String> s) {
        if ("PUT".equals(method) && s.size() == 3 && s.get(0).equals("user") && s.get(1).equals(user)
                && (s.get(2).equals("profile") || s.get(2).equals("credentials"))) return true;
        return "POST".equals(method) && s.size() == 2 && s.get(0).equals("identity") && s.get(1).equals("password-policy");
    }

    private static Optional<Refusal> leastPrivilege(String method, String path) {
        return forbidden("least privilege: only administrators may " + method + " " + path
                + "; others may query, start processes with their inputs and work their tasks", "least-privilege");
    }

    private static Optional<Refusal> forbidden(String error, String rule) {
        return Optional.of(new Refusal(403, error, rule));
    }

    private static List<Map.Entry<String, JsonNode>> variables(JsonNode body) {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        if (body != null && body.get("variables") != null) body.get("variables").fields().forEachRemaining(all::add);
        return all;
    }

    private static String text(JsonNode body, String field) {
        return body == null || body.get(field) == null || body.get(field).isNull() ? null : body.get(field).asText();
    }

    static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
    }
}
