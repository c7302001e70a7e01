package com.logicor.runbook.approval;

import com.logicor.runbook.security.EngineAsSystem;
import com.logicor.runbook.security.RunbookGroups;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Who may take or complete an approval task, asked before the engine is called (the HTTP policy answers 403 with
 * the rule) — the same rule the task listener enforces inside the engine. An approval task is a task whose
 * candidates are {@code recovery-approvers}.
 */
@Component
public class ApprovalTaskAccess {

    private final TaskService tasks;
    private final HistoryService history;
    private final CaseHistory cases;
    private final ApproverEligibility eligibility;
    private final EngineAsSystem system;

    public ApprovalTaskAccess(TaskService tasks, HistoryService history, CaseHistory cases, ApproverEligibility eligibility,
                              EngineAsSystem system) {
        this.tasks = tasks;
        this.history = history;
        this.cases = cases;
        this.eligibility = eligibility;
        this.system = system;
    }

    /** False for an unknown task id (the engine answers 404 for it). */
    public boolean isApprovalTask(String taskId) {
        if (system.call(() -> tasks.createTaskQuery().taskId(taskId).count()) == 0) return false;
        return system.call(() -> tasks.getIdentityLinksForTask(taskId)).stream()
                .anyMatch(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && RunbookGroups.RECOVERY_APPROVERS.equals(l.getGroupId()));
    }

    /** The user an approval task is claimed by, or null. */
    public String assignee(String taskId) {
        Task task = system.call(() -> tasks.createTaskQuery().taskId(taskId).singleResult());
        return task == null ? null : task.getAssignee();
    }

    /** Why {@code user} may not {@code action} (take, complete) the approval task {@code taskId}; empty if allowed. */
    public Optional<String> refusal(String taskId, String user, String action) {
        Task task = system.call(() -> tasks.createTaskQuery().taskId(taskId).singleResult());
        if (task == null || task.getProcessInstanceId() == null) return Optional.empty(); // the engine answers 404
        HistoricProcessInstance instance = system.call(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(task.getProcessInstanceId()).singleResult());
        String root = instance.getRootProcessInstanceId() == null ? instance.getId() : instance.getRootProcessInstanceId();
        return eligibility.refusal(user, action, cases.facts(root, task.getProcessInstanceId(), taskId));
    }

}
