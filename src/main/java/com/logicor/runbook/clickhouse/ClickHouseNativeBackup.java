package com.logicor.runbook.clickhouse;

import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactOutcome;
import com.logicor.runbook.catalog.ArtifactSubject;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.clickhouse.ClickHouseSql.BackupState;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.inventory.Storage;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Native ClickHouse data backup (22.8+; seed 001's Backup Service, scope database): for every node and
 * every non-system database, {@code BACKUP DATABASE `db` TO S3('<backup storage>/<prefix>/clickhouse/<stamp>/<node>-<db>/',
 * '<key>', '<secret>') ASYNC} over the HTTP interface, then {@code system.backups} polled by the operation id
 * until BACKUP_CREATED or a failure. The server writes to S3 itself; the artifact is verified when the
 * operation says BACKUP_CREATED AND the backup's {@code .backup} metadata object is in the bucket.
 *
 * <p>Credentials of the backup storage are resolved at the moment of the query and travel only in the POST
 * body; plan text shows their references, and every error is redacted (ClickHouse echoes the query).
 * Full backups each time: an incremental chain ({@code SETTINGS base_backup = S3(...)}) needs a chain policy
 * and retention that keeps bases, which the catalog's retention does not know yet.
 */
@Component
public class ClickHouseNativeBackup {

    static final String KIND = "data";
    /** ClickHouse writes this metadata file last: its presence means the backup is complete in the bucket. */
    static final String METADATA_FILE = ".backup";

    private static final Logger log = LoggerFactory.getLogger(ClickHouseNativeBackup.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BACKUP_TIMEOUT = Duration.ofHours(12);
    private static final int MISSING_ROW_LIMIT = 3;

    private final Inventory inventory;
    private final SecretResolver secrets;
    private final BackupStorage storage;
    private final ArtifactStore store;
    private final BackupCatalog catalog;
    private final ClickHouseHttp http;
    private final Duration firstPoll;
    private final Duration maxPoll;

    @org.springframework.beans.factory.annotation.Autowired
    public ClickHouseNativeBackup(Inventory inventory, SecretResolver secrets, BackupStorage storage, ArtifactStore store,
                                  BackupCatalog catalog, ClickHouseHttp http) {
        this(inventory, secrets, storage, store, catalog, http, Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    ClickHouseNativeBackup(Inventory inventory, SecretResolver secrets, BackupStorage storage, ArtifactStore store,
                           BackupCatalog catalog, ClickHouseHttp http, Duration firstPoll, Duration maxPoll) {
        this.inventory = inventory;
        this.secrets = secrets;
        this.storage = storage;
        this.store = store;
        this.catalog = catalog;
        this.http = http;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
    }

    /** The databases a native backup covers on this node (see {@link ClickHouseSql#DATABASES}). */
    public List<String> databases(ComponentSpec component, Node node) {
        String body = http.query(component, node, ClickHouseSql.DATABASES, QUERY_TIMEOUT, List.of());
        return ClickHouseSql.tsv(body).stream().map(row -> row.get(0)).toList();
    }

    /** Where the backup of one database goes: a "directory" key in the backup bucket. */
    String keyOf(ComponentSpec component, BackupRunContext run, Node node, String database) {
        return store.remoteKey(component.id(), run.stamp(), node.name() + "-" + database) + "/";
    }

    /** Path-style URL as ClickHouse's S3() wants it: {@code <endpoint>/<bucket>/<key>}. */
    static String urlOf(Storage.S3 s3, String key) {
        return s3.endpoint().replaceAll("/+$", "") + "/" + s3.bucket() + "/" + key;
    }

    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        Storage.S3 s3 = inventory.storage().s3();
        if (s3 == null) {
            steps.add("data (native): CANNOT run — the inventory has no storage.s3 for ClickHouse to write to");
            return steps;
        }
        for (Node node : component.nodes()) {
            String endpoint = node.endpoints().getOrDefault("http", "<no http endpoint>");
            String user = ClickHouseHttp.userOf(component);
            steps.add("data of " + node.name() + " (native): POST " + endpoint + " (headers X-ClickHouse-User: " + user
                    + ", X-ClickHouse-Key: <password from " + (component.credentials() == null ? "none" : component.credentials().password())
                    + ">) " + ClickHouseSql.DATABASES);
            String url = urlOf(s3, store.plannedRemoteKey(component.id(), node.name() + "-<database>") + "/");
            steps.add("for each database listed: POST " + endpoint + " BACKUP DATABASE `<database>` TO S3("
                    + ClickHouseSql.literal(url) + ", '<access key from " + s3.accessKey() + ">', '<secret key from "
                    + s3.secretKey() + ">') ASYNC  (names must match ^[A-Za-z_][A-Za-z0-9_]*$; the answer is the operation id)");
            steps.add("poll POST " + endpoint + " " + ClickHouseSql.backupStatus("<id>") + " every 1 s (growing to 15 s, at most "
                    + BACKUP_TIMEOUT.toHours() + " h) until BACKUP_CREATED → verified when " + url + METADATA_FILE
                    + " exists; BACKUP_FAILED / BACKUP_CANCELLED → failed (its error is recorded, the partial objects removed)");
        }
        return steps;
    }

    /** Every database of every node into {@code result}; one that fails is recorded there and the others go on. */
    public void backUp(ComponentSpec component, BackupRunContext run, ComponentBackupResult.Builder result) {
        Storage.S3 s3 = inventory.storage().s3();
        for (Node node : component.nodes()) {
            if (s3 == null) {
                result.fail(component.id() + "/" + node.name() + " data: native BACKUP needs storage.s3 in the inventory");
                continue;
            }
            List<String> databases;
            try {
                databases = databases(component, node);
            } catch (RuntimeException e) {
                result.fail(component.id() + "/" + node.name() + " data: cannot list databases: " + e.getMessage());
                continue;
            }
            result.measure(node.name() + ".databases", String.join(",", databases));
            for (String database : databases) {
                backupOne(component, run, node, database, s3, result);
            }
        }
    }

    private void backupOne(ComponentSpec component, BackupRunContext run, Node node, String database, Storage.S3 s3,
                           ComponentBackupResult.Builder result) {
        String artifactId = catalog.startArtifact(run.runId(), component.id(), node.name(), KIND, run.processInstanceId(),
                ArtifactSubject.database(database)).id();
        String key = keyOf(component, run, node, database);
        List<String> hide = new ArrayList<>();
        boolean started = false;
        long start = System.nanoTime();
        try {
            ClickHouseSql.identifier(database); // refuse before any secret is read
            hide.add(secrets.resolve(s3.accessKey()));
            hide.add(secrets.resolve(s3.secretKey()));
            String sql = ClickHouseSql.backupDatabase(database, urlOf(s3, key), hide.get(0), hide.get(1));
            String answer = http.query(component, node, sql, QUERY_TIMEOUT, hide);
            started = true;
            String id = ClickHouseSql.tsv(answer).stream().findFirst().map(row -> row.get(0)).filter(s -> !s.isBlank())
                    .orElseThrow(() -> new IllegalStateException("BACKUP ... ASYNC answered no operation id"));
            BackupState state = await(id, sql2 -> http.query(component, node, sql2, QUERY_TIMEOUT, hide),
                    BACKUP_TIMEOUT, firstPoll, maxPoll);
            if (state.phase() != BackupState.Phase.CREATED) {
                throw new IllegalStateException("BACKUP " + id + " ended " + state.status()
                        + (state.error().isBlank() ? "" : ": " + state.error()));
            }
            ObjectStorage remote = storage.remote().orElseThrow();
            if (remote.stat(key + METADATA_FILE).isEmpty()) {
                throw new IllegalStateException("BACKUP " + id + " says " + state.status() + " but " + key + METADATA_FILE
                        + " is not in bucket " + remote.bucket());
            }
            String location = "s3://" + remote.bucket() + "/" + key;
            String message = "native BACKUP id " + id + ", " + state.status() + ", files " + state.numFiles()
                    + ", uncompressed " + state.uncompressedSize() + " bytes";
            catalog.recordArtifact(artifactId, ArtifactOutcome.verified(null, location, state.storedSize(), null, message));
            result.artifact(new StoredArtifact(artifactId, component.id(), node.name(), KIND, node.name() + "-" + database,
                    key, null, state.storedSize() == null ? 0 : state.storedSize(), null));
            result.measure(node.name() + "." + database + ".backupId", id);
            if (state.storedSize() != null) result.measure(node.name() + "." + database + ".storedBytes", state.storedSize());
            result.measure(node.name() + "." + database + ".millis", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            String reason = Redaction.redact(e.getMessage(), hide);
            String message = component.id() + "/" + node.name() + " " + KIND + " (database " + database + "): " + reason;
            catalog.recordArtifact(artifactId, ArtifactOutcome.failed(message));
            result.fail(message);
            if (started) removeQuietly(key);
        }
    }

    /** A failed backup may have written part of itself: nothing under its key may look like a backup. */
    private void removeQuietly(String key) {
        try {
            Optional<ObjectStorage> remote = storage.remote();
            if (remote.isEmpty()) return;
            for (ObjectStorage.StoredObject o : remote.get().list(key)) remote.get().delete(o.key());
        } catch (RuntimeException e) {
            log.warn("could not remove the partial native backup under {}: {}", key, e.getMessage());
        }
    }

    /**
     * Polls {@code system.backups} for one operation until it is no longer running. {@code query} runs SQL and
     * returns the answer's body. A row that does not show up at all (a restarted server forgets operations)
     * fails after a few polls.
     */
    static BackupState await(String id, Function<String, String> query, Duration timeout, Duration firstPoll,
                             Duration maxPoll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = firstPoll.toMillis();
        int missing = 0;
        while (true) {
            Optional<Map<String, String>> row = ClickHouseSql.firstRowWithNames(query.apply(ClickHouseSql.backupStatus(id)));
            if (row.isEmpty()) {
                if (++missing >= MISSING_ROW_LIMIT) {
                    throw new IllegalStateException("backup operation " + id + " is not in system.backups (server restarted?)");
                }
            } else {
                missing = 0;
                BackupState state = BackupState.of(row.get());
                if (state.phase() != BackupState.Phase.RUNNING) return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backup operation " + id + " still running after " + timeout);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for backup operation " + id, e);
            }
            sleep = Math.min(maxPoll.toMillis(), sleep * 2);
        }
    }
}
