package com.logicor.runbook.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backup runs and their artifacts, in the engine's database (schema: db/catalog, migrated by Flyway).
 * Every write commits on its own, outside the engine's job transaction: progress is visible while a backup
 * runs, and a failed attempt that the engine rolls back and retries still leaves its failed rows behind.
 */
@Repository
public class BackupCatalog {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;

    @org.springframework.beans.factory.annotation.Autowired
    public BackupCatalog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** For tools and tests without a transaction manager of their own. */
    public BackupCatalog(JdbcTemplate jdbc) {
        this(jdbc, new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    private int update(String sql, Object... args) {
        Integer n = own.execute(status -> jdbc.update(sql, args));
        return n == null ? 0 : n;
    }

    public BackupRun startRun(String triggerKind, String requestedBy, List<String> components, String processInstanceId) {
        BackupRun run = new BackupRun(UUID.randomUUID().toString(), triggerKind, requestedBy, List.copyOf(components),
                "running", now(), null, processInstanceId, null, null);
        update("insert into runbook_backup_run (id, trigger_kind, requested_by, components, status, started_at, "
                        + "process_instance_id) values (?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.triggerKind(), run.requestedBy(), String.join(",", run.components()), run.status(),
                run.startedAt(), run.processInstanceId());
        return run;
    }

    public void finishRun(String runId, String status, String message) {
        update("update runbook_backup_run set status = ?, finished_at = ?, message = ? where id = ?",
                status, now(), message, runId);
    }

    public void attachProcessInstance(String runId, String processInstanceId) {
        update("update runbook_backup_run set process_instance_id = ? where id = ?", processInstanceId, runId);
    }

    public void recordManifest(String runId, String location) {
        update("update runbook_backup_run set manifest_location = ? where id = ?", location, runId);
    }

    /** The component's outcome in the run (the last attempt's). {@code details} is a JSON text. */
    public void recordOutcome(String runId, String component, String outcome, String reason, String details) {
        own.executeWithoutResult(status -> {
            jdbc.update("delete from runbook_backup_outcome where run_id = ? and component = ?", runId, component);
            jdbc.update("insert into runbook_backup_outcome (run_id, component, outcome, reason, details, recorded_at) "
                    + "values (?, ?, ?, ?, ?, ?)", runId, component, outcome, reason, details, now());
        });
    }

    public record ComponentOutcome(String component, String outcome, String reason, String details) {}

    public Map<String, ComponentOutcome> outcomesOfRun(String runId) {
        Map<String, ComponentOutcome> outcomes = new java.util.LinkedHashMap<>();
        jdbc.query("select component, outcome, reason, details from runbook_backup_outcome where run_id = ?",
                rs -> {
                    outcomes.put(rs.getString(1), new ComponentOutcome(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }, runId);
        return outcomes;
    }

    public Optional<BackupRun> findRun(String id) {
        return jdbc.query("select * from runbook_backup_run where id = ?", RUN, id).stream().findFirst();
    }

    /** A running artifact row; {@code subject} says what it holds (database, table, etcd revision and hash). */
    public BackupArtifact startArtifact(String runId, String component, String node, String kind, String processInstanceId,
                                        ArtifactSubject subject) {
        String id = UUID.randomUUID().toString();
        update("insert into runbook_backup_artifact (id, run_id, component, node, kind, status, started_at, "
                        + "process_instance_id, database_name, table_name, etcd_revision, etcd_hash) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, runId, component, node, kind, ArtifactStatus.RUNNING.code(), now(), processInstanceId,
                subject.database(), subject.table(), subject.etcdRevision(), subject.etcdHash());
        return findArtifact(id).orElseThrow();
    }

    /** Records where the artifact went and what it measured; the status says how far it got. */
    public void recordArtifact(String id, ArtifactOutcome outcome) {
        boolean finished = outcome.status() != ArtifactStatus.RUNNING;
        update("update runbook_backup_artifact set local_location = ?, remote_location = ?, size_bytes = ?, "
                        + "sha256 = ?, status = ?, message = ?, finished_at = ? where id = ?",
                outcome.localLocation(), outcome.remoteLocation(), outcome.sizeBytes(), outcome.sha256(),
                outcome.status().code(), outcome.message(), finished ? now() : null, id);
    }

    public Optional<BackupArtifact> findArtifact(String id) {
        return jdbc.query("select * from runbook_backup_artifact where id = ?", ARTIFACT, id).stream().findFirst();
    }

    public List<BackupArtifact> artifactsOfRun(String runId) {
        return jdbc.query("select * from runbook_backup_artifact where run_id = ? order by started_at, id", ARTIFACT, runId);
    }

    /**
     * Verified (or partly pruned) artifacts of a component that still have a copy not found damaged, newest run first:
     * what retention works on and what every restore chooses from. An artifact whose every copy is damaged (or
     * damaged and pruned) is left out — it is no backup to restore or to keep in place of an intact one.
     */
    public List<BackupArtifact> retainedArtifacts(String component) {
        return jdbc.query("select a.* from runbook_backup_artifact a join runbook_backup_run r on r.id = a.run_id "
                + "where a.component = ? and a.status = 'verified' and (" + INTACT_COPY + ") "
                + "order by r.started_at desc, a.id", ARTIFACT, component);
    }

    /** An artifact row with a copy that is there, not pruned and not found damaged (columns of runbook_backup_artifact). */
    public static final String INTACT_COPY =
            "(local_location is not null and local_pruned_at is null and local_damaged_at is null) "
            + "or (remote_location is not null and remote_pruned_at is null and remote_damaged_at is null)";

    /** Which copy of an artifact. */
    public enum Copy {
        LOCAL("local"), REMOTE("remote");

        private final String column;

        Copy(String column) {
            this.column = column;
        }

        public String label() {
            return this == LOCAL ? "local copy" : "S3 copy";
        }
    }

    /**
     * Quarantines one copy: a restore read it back and it failed its check. Only the reader's own check calls this;
     * the first reason found stays (a copy does not heal). Pruning leaves a damaged copy alone (it is evidence), and
     * an artifact whose every copy is damaged is no longer "verified" to any chooser ({@link #retainedArtifacts}).
     */
    public void markCopyDamaged(String artifactId, Copy copy, String reason) {
        String r = reason == null ? "damaged" : reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        update("update runbook_backup_artifact set " + copy.column + "_damaged_at = ?, " + copy.column + "_damage = ? "
                + "where id = ? and " + copy.column + "_damaged_at is null", now(), r, artifactId);
    }

    public void markLocalPruned(String artifactId) {
        update("update runbook_backup_artifact set local_pruned_at = ? where id = ?", now(), artifactId);
        markPrunedWhenGone(artifactId);
    }

    public void markRemotePruned(String artifactId) {
        update("update runbook_backup_artifact set remote_pruned_at = ? where id = ?", now(), artifactId);
        markPrunedWhenGone(artifactId);
    }

    private void markPrunedWhenGone(String artifactId) {
        update("update runbook_backup_artifact set status = 'pruned' where id = ? "
                + "and (local_location is null or local_pruned_at is not null) "
                + "and (remote_location is null or remote_pruned_at is not null)", artifactId);
    }

    /** Artifacts an open recovery holds: retention leaves them alone. */
    public boolean isHeld(String artifactId) {
        Long n = jdbc.queryForObject("select count(*) from runbook_artifact_hold where artifact_id = ?", Long.class, artifactId);
        return n != null && n > 0;
    }

    /** Idempotent: holding what this holder already holds changes nothing (a retried preflight). */
    public void hold(String artifactId, String holder, String reason) {
        Long n = jdbc.queryForObject("select count(*) from runbook_artifact_hold where artifact_id = ? and holder = ?",
                Long.class, artifactId, holder);
        if (n != null && n > 0) return;
        update("insert into runbook_artifact_hold (artifact_id, holder, reason, created_at) values (?, ?, ?, ?)",
                artifactId, holder, reason, now());
    }

    public void releaseHolds(String holder) {
        update("delete from runbook_artifact_hold where holder = ?", holder);
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
            time(rs, "started_at"), time(rs, "finished_at"), rs.getString("process_instance_id"), rs.getString("message"),
            rs.getString("manifest_location"));

    private static final RowMapper<BackupArtifact> ARTIFACT = (rs, i) -> new BackupArtifact(
            rs.getString("id"), rs.getString("run_id"), rs.getString("component"), rs.getString("node"),
            rs.getString("kind"), rs.getString("local_location"), rs.getString("remote_location"),
            rs.getObject("size_bytes", Long.class), rs.getString("sha256"), ArtifactStatus.of(rs.getString("status")),
            time(rs, "started_at"), time(rs, "finished_at"), rs.getString("process_instance_id"), rs.getString("message"),
            time(rs, "local_pruned_at"), time(rs, "remote_pruned_at"), rs.getString("database_name"),
            rs.getString("table_name"), rs.getObject("etcd_revision", Long.class), rs.getObject("etcd_hash", Long.class),
            rs.getString("local_damage"), rs.getString("remote_damage"));
}
