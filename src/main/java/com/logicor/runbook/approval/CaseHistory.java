package com.logicor.runbook.approval;

import com.logicor.runbook.security.EngineAsSystem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Component;

/**
 * Facts about a case that only the engine recorded: its root process instance (a restore called by a recovery
 * belongs to the recovery's case), who started it (the authenticated user at the start) and who completed which
 * of its tasks (the user operation log). Never read from process variables.
 */
@Component
public class CaseHistory {

    private final HistoryService history;
    private final RepositoryService repository;
    private final ApprovalRecords approvals;
    private final EngineAsSystem system;

    public CaseHistory(HistoryService history, RepositoryService repository, ApprovalRecords approvals, EngineAsSystem system) {
        this.history = history;
        this.repository = repository;
        this.approvals = approvals;
        this.system = system;
    }

    /** Who started the case and who assessed it, as the approval of {@code approvalTaskId} must see them. */
    public record Facts(String root, String starter, Set<String> assessors) {}

    public Facts facts(String rootProcessInstanceId, String processInstanceId, String approvalTaskId) {
        Set<String> approvalTasks = new java.util.HashSet<>();
        approvals.ofRoot(rootProcessInstanceId).forEach(r -> approvalTasks.add(r.taskId()));
        approvalTasks.add(approvalTaskId);
        return new Facts(rootProcessInstanceId, starter(rootProcessInstanceId),
                assessors(rootProcessInstanceId, processInstanceId, approvalTasks));
    }

    /** The process instance at the top of the call chain of {@code execution}. */
    public static String rootProcessInstanceId(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        while (instance.getSuperExecution() != null) instance = instance.getSuperExecution().getProcessInstance();
        return instance.getId();
    }

    public String processKey(DelegateExecution execution) {
        return system.call(() -> repository.getProcessDefinition(execution.getProcessDefinitionId()).getKey());
    }

    /** The user who started the root process instance; null when a timer or the runbook itself started it. */
    public String starter(String rootProcessInstanceId) {
        HistoricProcessInstance root = system.call(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(rootProcessInstanceId).singleResult());
        return root == null ? null : root.getStartUserId();
    }

    /** Who completed each task of the case ({@code taskId → user}), from the user operation log of every instance. */
    public java.util.Map<String, String> completers(String rootProcessInstanceId) {
        java.util.Map<String, String> byTask = new java.util.HashMap<>();
        List<String> instances = system.call(() -> history.createHistoricProcessInstanceQuery()
                .rootProcessInstanceId(rootProcessInstanceId).list()).stream().map(HistoricProcessInstance::getId).toList();
        for (String instance : instances) {
            system.call(() -> history.createUserOperationLogQuery().processInstanceId(instance)
                            .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
                    .stream().filter(e -> e.getTaskId() != null && e.getUserId() != null)
                    .forEach(e -> byTask.put(e.getTaskId(), e.getUserId()));
        }
        return byTask;
    }

    /** Who completed the task {@code taskDefinitionKey} of the root instance last; null when no user did. */
    public String completerOf(String rootProcessInstanceId, String taskDefinitionKey) {
        java.util.Map<String, String> byTask = completers(rootProcessInstanceId);
        return system.call(() -> history.createHistoricTaskInstanceQuery().processInstanceId(rootProcessInstanceId)
                        .taskDefinitionKey(taskDefinitionKey).finished().orderByHistoricTaskInstanceEndTime().desc().list())
                .stream().map(t -> byTask.get(t.getId())).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * Users who completed a task of the case other than the given approval tasks: the assessors, who may not
     * approve what they assessed. Read from the engine's user operation log of the root instance and of
     * {@code processInstanceId} (the process the approval task belongs to).
     */
    public Set<String> assessors(String rootProcessInstanceId, String processInstanceId, Set<String> approvalTaskIds) {
        Set<String> users = new LinkedHashSet<>();
        for (String instance : new LinkedHashSet<>(List.of(rootProcessInstanceId, processInstanceId))) {
            system.call(() -> history.createUserOperationLogQuery().processInstanceId(instance)
                            .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
                    .stream()
                    .filter(e -> e.getTaskId() != null && !approvalTaskIds.contains(e.getTaskId()) && e.getUserId() != null)
                    .forEach(e -> users.add(e.getUserId()));
        }
        return users;
    }
}
