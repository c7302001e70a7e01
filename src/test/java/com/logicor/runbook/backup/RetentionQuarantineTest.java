package com.logicor.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.InventoryLoader;
import com.logicor.runbook.inventory.Retention;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.streams.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Retention with quarantined copies (catalog V7), on local storage and H2: a copy found damaged counts for nothing, so
 * the newest intact backup is kept whatever the limits say, and the damaged copy itself is not pruned.
 */
class RetentionQuarantineTest {

    @TempDir
    Path data;
    BackupCatalog catalog;
    BackupStorage storage;
    ArtifactStore store;
    Inventory inventory;

    @BeforeEach
    void parts() throws Exception {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/catalog").table("runbook_schema_history").load().migrate();
        catalog = new BackupCatalog(new JdbcTemplate(ds));
        Files.createDirectories(data.resolve("ssh"));
        Files.createFile(data.resolve("ssh/id_ed25519"));
        Files.createFile(data.resolve("ssh/known_hosts"));
        inventory = new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).loadBuiltIn(data);
        storage = new BackupStorage(inventory, new SecretResolver());
        store = new ArtifactStore(storage, catalog, "etag", Compression.DEFAULT_ZSTD_LEVEL);
    }

    ComponentSpec vaultKeepingOne() {
        ComponentSpec v = inventory.component(ComponentId.of("vault"));
        return new ComponentSpec(v.id(), v.nodes(), v.configPaths(), v.dataPaths(), v.service(), v.credentials(),
                new Retention(1, 1, null, null), v.schedules(), v.dataBackup(), v.backupMethod(), v.databases(), v.repository(),
                v.playbook(), true, null);
    }

    BackupArtifact backUp(ComponentSpec vault, String content) throws Exception {
        BackupRun run = catalog.startRun("test", "test", List.of(vault.id()), null);
        String stamp = BackupRunContext.stampOf(OffsetDateTime.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
        String id = store.store(ArtifactRequest.of(new BackupRunContext(run.id(), stamp, null, Compression.ZSTD), vault, "vault",
                "raft-snapshot", "vault_snapshot.snap"), out -> out.write(content.getBytes())).catalogId();
        Thread.sleep(5);
        return catalog.findArtifact(id).orElseThrow();
    }

    @Test
    void aDamagedNewestBackupDoesNotLetTheLastIntactOneBePruned() throws Exception {
        ComponentSpec vault = vaultKeepingOne();
        BackupArtifact intact = backUp(vault, "older, intact");
        BackupArtifact damaged = backUp(vault, "newer, damaged");
        catalog.markCopyDamaged(damaged.id(), BackupCatalog.Copy.LOCAL, "sha256 mismatch: test");

        assertThat(catalog.retainedArtifacts("vault")).extracting(BackupArtifact::id).containsExactly(intact.id());
        new RetentionPruner(catalog, storage).prune(vault);

        assertThat(Files.exists(Path.of(intact.localLocation()))).as("the last intact backup stays").isTrue();
        assertThat(catalog.findArtifact(intact.id()).orElseThrow().localPrunedAt()).isNull();
        assertThat(Files.exists(Path.of(damaged.localLocation()))).as("the damaged copy stays in quarantine").isTrue();
    }

    @Test
    void anIntactNewerBackupStillLetsOlderOnesBePruned() throws Exception {
        ComponentSpec vault = vaultKeepingOne();
        BackupArtifact older = backUp(vault, "older");
        BackupArtifact newer = backUp(vault, "newer");
        new RetentionPruner(catalog, storage).prune(vault);
        assertThat(catalog.findArtifact(older.id()).orElseThrow().localPrunedAt()).isNotNull();
        assertThat(Files.exists(Path.of(newer.localLocation()))).isTrue();
    }
}
