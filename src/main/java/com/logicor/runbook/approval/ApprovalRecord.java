package com.logicor.runbook.approval;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * One decision on an approval task: who decided (the authenticated user), who started the case and who assessed
 * it (from the engine's history), what was decided on (frozen parameters) and when.
 */
public record ApprovalRecord(String id, String rootProcessInstanceId, String processInstanceId, String processDefinitionKey,
                             String taskId, String taskDefinitionKey, Decision decision, String approver, String starter,
                             String assessors, ApprovalParameters parameters, OffsetDateTime decidedAt) {

    public enum Decision { APPROVED, REJECTED }

    /** A decision taken now on {@code task} by {@code approver}, with the case's facts and the frozen parameters. */
    static ApprovalRecord decided(DelegateTask task, String processKey, CaseHistory.Facts facts, Decision decision,
                                  String approver, ApprovalParameters parameters) {
        return new ApprovalRecord(UUID.randomUUID().toString(), facts.root(), task.getProcessInstanceId(), processKey,
                task.getId(), task.getTaskDefinitionKey(), decision, approver, facts.starter(),
                String.join(",", facts.assessors()), parameters, OffsetDateTime.now(ZoneOffset.UTC));
    }

    public boolean approved() {
        return decision == Decision.APPROVED;
    }

    /** The assessors, as the row keeps them (comma-separated). */
    public Set<String> assessorSet() {
        return assessors == null || assessors.isBlank() ? Set.of() : Set.of(assessors.split(","));
    }
}
