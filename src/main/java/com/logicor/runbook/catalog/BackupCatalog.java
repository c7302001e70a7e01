package com.logicor.runbook.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Backup runs and their artifacts, in the engine's database (schema: db/catalog, migrated by Flyway). */
@Repository
public class BackupCatalog {

    private final JdbcTemplate jdbc;

    public BackupCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public BackupRun startRun(String triggerKind, String requestedBy, List<String> components, String processInstanceId) {
        BackupRun run = new BackupRun(UUID.randomUUID().toString(), triggerKind, requestedBy, List.copyOf(components),
                "running", now(), null, processInstanceId, null);
        jdbc.update("insert into runbook_backup_run (id, trigger_kind, requested_by, components, status, started_at, "
                        + "process_instance_id) values (?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.triggerKind(), run.requestedBy(), String.join(",", run.components()), run.status(),
                run.startedAt(), run.processInstanceId());
        return run;
    }

    public void finishRun(String runId, String status, String message) {
        jdbc.update("update runbook_backup_run set status = ?, finished_at = ?, message = ? where id = ?",
                status, now(), message, runId);
    }

    public Optional<BackupRun> findRun(String id) {
        return jdbc.query("select * from runbook_backup_run where id = ?", RUN, id).stream().findFirst();
    }

    public BackupArtifact startArtifact(String runId, String component, String node, String kind, String processInstanceId) {
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into runbook_backup_artifact (id, run_id, component, node, kind, status, started_at, "
                        + "process_instance_id) values (?, ?, ?, ?, ?, ?, ?, ?)",
                id, runId, component, node, kind, ArtifactStatus.RUNNING.code(), now(), processInstanceId);
        return findArtifact(id).orElseThrow();
    }

    /** Records where the artifact went and what it measured; the status says how far it got. */
    public void recordArtifact(String id, String localLocation, String remoteLocation, Long sizeBytes, String sha256,
                               ArtifactStatus status, String message) {
        boolean finished = status != ArtifactStatus.RUNNING;
        jdbc.update("update runbook_backup_artifact set local_location = ?, remote_location = ?, size_bytes = ?, "
                        + "sha256 = ?, status = ?, message = ?, finished_at = ? where id = ?",
                localLocation, remoteLocation, sizeBytes, sha256, status.code(), message, finished ? now() : null, id);
    }

    public Optional<BackupArtifact> findArtifact(String id) {
        return jdbc.query("select * from runbook_backup_artifact where id = ?", ARTIFACT, id).stream().findFirst();
    }

    public List<BackupArtifact> artifactsOfRun(String runId) {
        return jdbc.query("select * from runbook_backup_artifact where run_id = ? order by started_at, id", ARTIFACT, runId);
    }

    public Page<BackupArtifact> findArtifacts(ArtifactQuery q) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.component() != null) {
            where.append(" and component = ?");
            args.add(q.component());
        }
        if (q.status() != null) {
            where.append(" and status = ?");
            args.add(q.status().code());
        }
        if (q.from() != null) {
            where.append(" and started_at >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            where.append(" and started_at < ?");
            args.add(q.to());
        }
        Long total = jdbc.queryForObject("select count(*) from runbook_backup_artifact" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(q.size());
        pageArgs.add((long) q.page() * q.size());
        List<BackupArtifact> items = jdbc.query("select * from runbook_backup_artifact" + where
                + " order by started_at desc, id limit ? offset ?", ARTIFACT, pageArgs.toArray());
        return new Page<>(items, q.page(), q.size(), total == null ? 0 : total);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static final RowMapper<BackupRun> RUN = (rs, i) -> new BackupRun(
            rs.getString("id"), rs.getString("trigger_kind"), rs.getString("requested_by"),
            Arrays.asList(rs.getString("components").split(",")), rs.getString("status"),
            time(rs, "started_at"), time(rs, "finished_at"), rs.getString("process_instance_id"), rs.getString("message"));

    private static final RowMapper<BackupArtifact> ARTIFACT = (rs, i) -> new BackupArtifact(
            rs.getString("id"), rs.getString("run_id"), rs.getString("component"), rs.getString("node"),
            rs.getString("kind"), rs.getString("local_location"), rs.getString("remote_location"),
            rs.getObject("size_bytes", Long.class), rs.getString("sha256"), ArtifactStatus.of(rs.getString("status")),
            time(rs, "started_at"), time(rs, "finished_at"), rs.getString("process_instance_id"), rs.getString("message"));
}
