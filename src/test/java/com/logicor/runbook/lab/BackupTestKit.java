package com.logicor.runbook.lab;

import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Backup methods outside Spring, against the lab: an in-memory catalog with the real migrations, the lab's
 * backup storage, and a fresh run per test (its own time stamp, so tests never share a folder).
 */
public final class BackupTestKit {

    public final Inventory inventory;
    public final SecretResolver secrets = new SecretResolver();
    public final BackupCatalog catalog;
    public final BackupStorage storage;
    public final ArtifactStore artifacts;

    public BackupTestKit(Lab lab) {
        this(lab.inventory());
    }

    public BackupTestKit(Inventory inventory) {
        this.inventory = inventory;
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/catalog").table("runbook_schema_history").load().migrate();
        this.catalog = new BackupCatalog(new JdbcTemplate(ds));
        this.storage = new BackupStorage(inventory, secrets);
        this.artifacts = new ArtifactStore(storage, catalog, "etag", Compression.DEFAULT_ZSTD_LEVEL);
    }

    /** A new run with a unique time stamp folder. */
    public BackupRunContext newRun(String component) {
        String runId = catalog.startRun("test", "test", List.of(component), null).id();
        String stamp = BackupRunContext.stampOf(OffsetDateTime.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
        return new BackupRunContext(runId, stamp, null, Compression.ZSTD);
    }

    public ObjectStorage remote() {
        return storage.remote().orElseThrow();
    }
}
