package com.logicor.runbook.recovery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Incident records in the catalog's database (table runbook_incident_record). */
@Repository
public class IncidentRecords {

    public record IncidentRecord(String processInstanceId, String title, String severity, String assessedBy,
                                 String approvedBy, String documentedBy, String markdown, OffsetDateTime createdAt) {}

    private static final RowMapper<IncidentRecord> ROW = (rs, i) -> new IncidentRecord(rs.getString("process_instance_id"),
            rs.getString("title"), rs.getString("severity"), rs.getString("assessed_by"), rs.getString("approved_by"),
            rs.getString("documented_by"), rs.getString("markdown"), rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    public IncidentRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Saves or replaces (a document step completed again after a crash writes the same row). */
    public void save(IncidentRecord r) {
        jdbc.update("delete from runbook_incident_record where process_instance_id = ?", r.processInstanceId());
        jdbc.update("insert into runbook_incident_record (process_instance_id, title, severity, assessed_by, approved_by, "
                        + "documented_by, markdown, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                r.processInstanceId(), r.title(), r.severity(), r.assessedBy(), r.approvedBy(), r.documentedBy(), r.markdown(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    public Optional<IncidentRecord> find(String processInstanceId) {
        return jdbc.query("select * from runbook_incident_record where process_instance_id = ?", ROW, processInstanceId)
                .stream().findFirst();
    }

    public List<IncidentRecord> newestFirst(int limit) {
        return jdbc.query("select * from runbook_incident_record order by created_at desc", ROW).stream().limit(limit).toList();
    }
}
