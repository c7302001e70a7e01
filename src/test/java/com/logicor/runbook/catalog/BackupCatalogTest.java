package com.logicor.runbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The catalog's queries on H2 with the real migrations; PostgresProfileIT runs them on PostgreSQL. */
class BackupCatalogTest {

    JdbcTemplate jdbc;
    BackupCatalog catalog;

    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/catalog")
                .table("runbook_schema_history").load().migrate();
    }

    @BeforeEach
    void database() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        migrate(ds);
        jdbc = new JdbcTemplate(ds);
        catalog = new BackupCatalog(jdbc);
    }

    @Test
    void runsAndArtifactsAreRecordedAndFound() {
        exercise(catalog, jdbc);
    }

    @Test
    void aDamagedCopyIsMarkedOnceAndAnArtifactWithNoIntactCopyIsNotRetained() {
        BackupRun run = catalog.startRun("schedule", null, List.of("etcd"), "pi-1");
        BackupArtifact a = catalog.startArtifact(run.id(), "etcd", "etcd", "snapshot", "pi-1", ArtifactSubject.NONE);
        catalog.recordArtifact(a.id(), ArtifactOutcome.verified("/b/etcd/1/snapshot.db.zst", "s3://b/etcd/1/snapshot.db.zst",
                4096L, "0f".repeat(32), null));
        assertThat(catalog.findArtifact(a.id()).orElseThrow().remoteIntact()).isTrue();

        catalog.markCopyDamaged(a.id(), BackupCatalog.Copy.REMOTE, "sha256 mismatch: first");
        catalog.markCopyDamaged(a.id(), BackupCatalog.Copy.REMOTE, "second");
        BackupArtifact marked = catalog.findArtifact(a.id()).orElseThrow();
        assertThat(marked.remoteDamage()).isEqualTo("sha256 mismatch: first");
        assertThat(marked.damageOf("s3://b/etcd/1/snapshot.db.zst")).isEqualTo("sha256 mismatch: first");
        assertThat(marked.damageOf("/b/etcd/1/snapshot.db.zst")).isNull();
        assertThat(marked.status()).isEqualTo(ArtifactStatus.VERIFIED);
        assertThat(catalog.retainedArtifacts("etcd")).extracting(BackupArtifact::id).containsExactly(a.id());

        catalog.markCopyDamaged(a.id(), BackupCatalog.Copy.LOCAL, "size mismatch: local");
        assertThat(catalog.findArtifact(a.id()).orElseThrow().localIntact()).isFalse();
        assertThat(catalog.retainedArtifacts("etcd")).isEmpty();
    }

    /** Shared with the PostgreSQL test: the same behaviour on both databases. */
    static void exercise(BackupCatalog catalog, JdbcTemplate jdbc) {
        BackupRun run = catalog.startRun("schedule", null, List.of("etcd", "vault"), "pi-1");
        BackupArtifact etcd = catalog.startArtifact(run.id(), "etcd", "etcd", "snapshot", "pi-1",
                ArtifactSubject.etcdSnapshot(7041L, 3735928559L));
        BackupArtifact vault = catalog.startArtifact(run.id(), "vault", "vault", "raft-snapshot", "pi-1", ArtifactSubject.NONE);
        assertThat(etcd.status()).isEqualTo(ArtifactStatus.RUNNING);
        catalog.recordArtifact(etcd.id(), ArtifactOutcome.verified("/b/etcd/1/snapshot.db.zst", "s3://b/etcd/1/snapshot.db.zst",
                4096L, "0f".repeat(32), null));
        catalog.recordArtifact(vault.id(), ArtifactOutcome.failed("vault sealed"));
        catalog.finishRun(run.id(), "partial", "vault failed");

        BackupArtifact stored = catalog.findArtifact(etcd.id()).orElseThrow();
        assertThat(stored.sha256()).isEqualTo("0f".repeat(32));
        assertThat(stored.sizeBytes()).isEqualTo(4096L);
        assertThat(stored.finishedAt()).isNotNull();
        // what it holds reads back the same on H2 and PostgreSQL (the hash is an unsigned 32-bit number)
        assertThat(stored.etcdRevision()).isEqualTo(7041L);
        assertThat(stored.etcdHash()).isEqualTo(3735928559L);
        assertThat(stored.database()).isNull();
        assertThat(catalog.findArtifact(vault.id()).orElseThrow().status()).isEqualTo(ArtifactStatus.FAILED);
        assertThat(catalog.findRun(run.id()).orElseThrow().status()).isEqualTo("partial");
        assertThat(catalog.findRun(run.id()).orElseThrow().components()).containsExactly("etcd", "vault");
        assertThat(catalog.artifactsOfRun(run.id())).hasSize(2);

        assertThat(catalog.findArtifacts(new ArtifactQuery("etcd", null, null, null, 0, 10)).items())
                .extracting(BackupArtifact::id).containsExactly(etcd.id());
        assertThat(catalog.findArtifacts(new ArtifactQuery(null, ArtifactStatus.FAILED, null, null, 0, 10)).items())
                .extracting(BackupArtifact::id).containsExactly(vault.id());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        assertThat(catalog.findArtifacts(new ArtifactQuery(null, null, now.minusHours(1), now.plusHours(1), 0, 10)).total())
                .isEqualTo(2);
        assertThat(catalog.findArtifacts(new ArtifactQuery(null, null, now.plusHours(1), null, 0, 10)).total()).isZero();

        for (int i = 0; i < 5; i++) catalog.startArtifact(run.id(), "minio", "minio", "volume", null, ArtifactSubject.NONE);
        Page<BackupArtifact> first = catalog.findArtifacts(new ArtifactQuery("minio", null, null, null, 0, 2));
        Page<BackupArtifact> last = catalog.findArtifacts(new ArtifactQuery("minio", null, null, null, 2, 2));
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.items()).hasSize(2);
        assertThat(last.items()).hasSize(1);
    }

    @Test
    void badQueriesAreRefused() {
        OffsetDateTime now = OffsetDateTime.now();
        assertThatThrownBy(() -> new ArtifactQuery(null, null, now, now.minusDays(1), 0, 10))
                .hasMessageContaining("from is after to");
        assertThatThrownBy(() -> new ArtifactQuery(null, null, null, null, 0, 10_000)).hasMessageContaining("size");
        assertThatThrownBy(() -> new ArtifactQuery(null, null, null, null, -1, 10)).hasMessageContaining("page");
    }
}
