package com.logicor.runbook.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The approval rows ({@code runbook_approval}). Written in the transaction of the task completion (the engine's
 * transaction, so a refused or rolled-back completion leaves none); never updated or deleted by the runbook.
 */
@Repository
public class ApprovalRecords {

    private final JdbcTemplate jdbc;

    public ApprovalRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ApprovalRecord insert(String rootProcessInstanceId, String processInstanceId, String processDefinitionKey,
                                 String taskId, String taskDefinitionKey, ApprovalRecord.Decision decision, String approver,
                                 String starter, String assessors, ApprovalParameters parameters) {
        ApprovalRecord record = new ApprovalRecord(UUID.randomUUID().toString(), rootProcessInstanceId, processInstanceId,
                processDefinitionKey, taskId, taskDefinitionKey, decision, approver, starter, assessors, parameters,
                OffsetDateTime.now(ZoneOffset.UTC));
        jdbc.update("insert into runbook_approval (id, root_process_instance_id, process_instance_id, process_definition_key,"
                        + " task_id, task_definition_key, decision, approver, starter, assessors, parameters, decided_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                record.id(), rootProcessInstanceId, processInstanceId, processDefinitionKey, taskId, taskDefinitionKey,
                decision.name(), approver, starter, assessors, parameters.toJson(), record.decidedAt());
        return record;
    }

    /** Every decision taken in the case whose root process instance is {@code rootProcessInstanceId}, oldest first. */
    public List<ApprovalRecord> ofRoot(String rootProcessInstanceId) {
        return jdbc.query("select * from runbook_approval where root_process_instance_id = ? order by decided_at, id",
                ApprovalRecords::map, rootProcessInstanceId);
    }

    /** The decision taken on one task, if any. */
    public Optional<ApprovalRecord> ofTask(String taskId) {
        return jdbc.query("select * from runbook_approval where task_id = ?", ApprovalRecords::map, taskId).stream().findFirst();
    }

    private static ApprovalRecord map(ResultSet rs, int row) throws SQLException {
        return new ApprovalRecord(rs.getString("id"), rs.getString("root_process_instance_id"),
                rs.getString("process_instance_id"), rs.getString("process_definition_key"), rs.getString("task_id"),
                rs.getString("task_definition_key"), ApprovalRecord.Decision.valueOf(rs.getString("decision")),
                rs.getString("approver"), rs.getString("starter"), rs.getString("assessors"),
                ApprovalParameters.fromJson(rs.getString("parameters")), rs.getObject("decided_at", OffsetDateTime.class));
    }
}
