package com.logicor.runbook.approval;

import java.time.OffsetDateTime;

/**
 * One decision on an approval task: who decided (the authenticated user), who started the case and who assessed
 * it (from the engine's history), what was decided on (frozen parameters) and when.
 */
public record ApprovalRecord(String id, String rootProcessInstanceId, String processInstanceId, String processDefinitionKey,
                             String taskId, String taskDefinitionKey, Decision decision, String approver, String starter,
                             String assessors, ApprovalParameters parameters, OffsetDateTime decidedAt) {

    public enum Decision { APPROVED, REJECTED }

    public boolean approved() {
        return decision == Decision.APPROVED;
    }
}
