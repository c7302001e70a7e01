package com.logicor.runbook.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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

    public void insert(ApprovalRecord r) {
        jdbc.update("insert into runbook_approval (id, root_process_instance_id, process_instance_id, process_definition_key,"
                        + " task_id, task_definition_key, decision, approver, starter, assessors, parameters, decided_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.rootProcessInstanceId(), r.processInstanceId(), r.processDefinitionKey(), r.taskId(),
                r.taskDefinitionKey(), r.decision().name(), r.approver(), r.starter(), r.assessors(), r.parameters().toJson(),
                r.decidedAt());
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
