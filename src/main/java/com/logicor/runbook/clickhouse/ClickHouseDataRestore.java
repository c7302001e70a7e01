package com.logicor.runbook.clickhouse;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.clickhouse.ClickHouseBackupCli.RemoteBackup;
import com.logicor.runbook.clickhouse.ClickHouseSql.BackupState;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.inventory.Storage;
import com.logicor.runbook.manifest.SignedManifestCheck;
import com.logicor.runbook.ssh.SshHosts;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * ClickHouse data back from the data backups the catalog holds, by the component's {@code data_backup}:
 * <ul>
 *   <li>{@code clickhouse-backup}: {@code clickhouse-backup restore_remote [--rm] <name>} over SSH on the node
 *       (the regulation's {@code download} + {@code restore} in one command); {@code --rm} drops the existing
 *       tables first — seed 001's {@code overwrite};</li>
 *   <li>{@code native}: per database {@code RESTORE DATABASE `db` FROM S3(...) ASYNC}, polled in
 *       {@code system.backups} until RESTORED; with overwrite the database is dropped first
 *       ({@link ClickHouseSql#restoreDatabase} says why).</li>
 * </ul>
 * Neither artifact is a file this app wrote, so "verified" means: the backup's own metadata is where the catalog
 * says ({@code .backup} object in the bucket; {@code list remote} shows it and does not call it broken).
 */
@Component
public class ClickHouseDataRestore {

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESTORE_TIMEOUT = Duration.ofHours(12);
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(10);

    private final Inventory inventory;
    private final SecretResolver secrets;
    private final BackupStorage storage;
    private final BackupCatalog catalog;
    private final SshHosts ssh;
    private final ClickHouseHttp http;
    private final ClickHouseBackupCli cli;
    private final SignedManifestCheck manifests;

    public ClickHouseDataRestore(Inventory inventory, SecretResolver secrets, BackupStorage storage, BackupCatalog catalog,
                                 SshHosts ssh, ClickHouseHttp http, ClickHouseBackupCli cli, SignedManifestCheck manifests) {
        this.manifests = manifests;
        this.inventory = inventory;
        this.secrets = secrets;
        this.storage = storage;
        this.catalog = catalog;
        this.ssh = ssh;
        this.http = http;
        this.cli = cli;
    }

    /** True when the inventory backs ClickHouse data up at all. */
    public static boolean backedUp(ComponentSpec clickhouse) {
        return !ClickHouseBackup.DATA_NONE.equals(ClickHouseBackup.dataMode(clickhouse));
    }

    /**
     * Per node, the data artifacts of the newest backup run that has any for that node (or of the requested run):
     * one per database (native) or one (clickhouse-backup). Fails naming the nodes without one.
     */
    public List<BackupArtifact> choose(ComponentSpec clickhouse, String requestedRunId) {
        boolean any = requestedRunId == null || requestedRunId.isBlank();
        List<BackupArtifact> data = catalog.retainedArtifacts(ClickHouseBlueprint.ID.id()).stream()
                .filter(a -> a.kind().equals(ClickHouseNativeBackup.KIND))
                .filter(a -> any || a.runId().equals(requestedRunId)).toList();
        List<BackupArtifact> chosen = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Node n : clickhouse.nodes()) {
            Optional<String> run = data.stream().filter(a -> a.node().equals(n.name())).map(BackupArtifact::runId).findFirst();
            if (run.isEmpty()) {
                missing.add(n.name());
                continue;
            }
            data.stream().filter(a -> a.node().equals(n.name()) && a.runId().equals(run.get())).forEach(chosen::add);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no verified ClickHouse data backup of " + missing
                    + (any ? "" : " in backup run " + requestedRunId) + " in the catalog (restore the config only: restoreData=false)");
        }
        return chosen;
    }

    /**
     * Checks that the catalog row is the signed manifest's (these artifacts do not pass through ArtifactReader)
     * and that the backup is where the row says; returns a line of evidence.
     */
    public String check(ComponentSpec clickhouse, BackupArtifact artifact) {
        String trust = manifests.requireMatch(artifact);
        return where(clickhouse, artifact) + "; " + trust;
    }

    private String where(ComponentSpec clickhouse, BackupArtifact artifact) {
        String location = artifact.remoteLocation();
        if (location != null && location.startsWith(ClickHouseBackupCli.LOCATION_SCHEME)) {
            String name = location.substring(ClickHouseBackupCli.LOCATION_SCHEME.length());
            Node n = clickhouse.node(artifact.node());
            List<RemoteBackup> listed = cli.list(inventory.host(n.host()));
            RemoteBackup found = listed.stream().filter(b -> b.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("clickhouse-backup on " + n.host() + " does not list remote backup " + name));
            if (found.broken()) throw new IllegalStateException("clickhouse-backup lists remote backup " + name + " as broken");
            return "data " + name + " of backup run " + artifact.runId() + ": listed by clickhouse-backup on " + n.host()
                    + " (created " + found.created() + ", size " + found.size() + ", required " + found.required() + ")";
        }
        String key = nativeKey(artifact);
        ObjectStorage remote = storage.remote().orElseThrow(() -> new IllegalStateException("no remote storage for the native backup " + location));
        ObjectStorage.StoredObject metadata = remote.stat(key + ClickHouseNativeBackup.METADATA_FILE).orElseThrow(() ->
                new IllegalStateException("native backup " + location + " has no " + ClickHouseNativeBackup.METADATA_FILE + " in bucket " + remote.bucket()));
        return "data " + location + " (database " + databaseOf(artifact) + ") of backup run " + artifact.runId() + ": "
                + ClickHouseNativeBackup.METADATA_FILE + " present (" + metadata.size() + " bytes)";
    }

    public List<String> plan(ComponentSpec clickhouse, List<BackupArtifact> chosen, boolean overwrite) {
        List<String> steps = new ArrayList<>();
        for (BackupArtifact a : chosen) {
            Node n = clickhouse.node(a.node());
            if (isCli(a)) {
                steps.add("on " + n.host() + ": " + cliCommand(a, overwrite) + (overwrite ? "  (--rm: existing tables dropped first)"
                        : "  (without --rm: existing tables are kept, clickhouse-backup restores into them)"));
                continue;
            }
            String endpoint = n.endpoints().getOrDefault("http", "<no http endpoint>");
            String db = databaseOf(a);
            Storage.S3 s3 = inventory.storage().s3();
            String url = s3 == null ? "<no storage.s3>" : ClickHouseNativeBackup.urlOf(s3, nativeKey(a));
            if (overwrite) steps.add("POST " + endpoint + " " + ClickHouseSql.dropDatabase(db));
            steps.add("POST " + endpoint + " RESTORE DATABASE `" + db + "` FROM S3(" + ClickHouseSql.literal(url)
                    + ", '<access key from " + (s3 == null ? "?" : s3.accessKey()) + ">', '<secret key from "
                    + (s3 == null ? "?" : s3.secretKey()) + ">') ASYNC" + (overwrite ? "" : "  (ClickHouse refuses when a table exists)"));
            steps.add("poll POST " + endpoint + " " + ClickHouseSql.backupStatus("<id>") + " until RESTORED; RESTORE_FAILED fails the step");
        }
        return steps;
    }

    /** Restores one artifact; returns what the server said. Safe to repeat with overwrite (drop, then restore). */
    public String restore(ComponentSpec clickhouse, BackupArtifact artifact, boolean overwrite) throws InterruptedException {
        manifests.requireMatch(artifact); // read again from the catalog at this step: it may have changed since preflight
        Node n = clickhouse.node(artifact.node());
        if (isCli(artifact)) {
            ExecResult result = ssh.exec(inventory.host(n.host()), cliCommand(artifact, overwrite), RESTORE_TIMEOUT);
            result.requireSuccess();
            String out = result.stdout().strip();
            return out.length() > 500 ? "…" + out.substring(out.length() - 500) : out;
        }
        return restoreNative(clickhouse, n, artifact, overwrite);
    }

    private String restoreNative(ComponentSpec clickhouse, Node n, BackupArtifact artifact, boolean overwrite) {
        Storage.S3 s3 = inventory.storage().s3();
        if (s3 == null) throw new IllegalStateException("native RESTORE needs storage.s3 in the inventory");
        String db = databaseOf(artifact);
        ClickHouseSql.identifier(db); // refuse before any secret is read
        List<String> hide = new ArrayList<>();
        try {
            hide.add(secrets.resolve(s3.accessKey()));
            hide.add(secrets.resolve(s3.secretKey()));
            if (overwrite) http.query(clickhouse, n, ClickHouseSql.dropDatabase(db), QUERY_TIMEOUT, hide);
            String sql = ClickHouseSql.restoreDatabase(db, ClickHouseNativeBackup.urlOf(s3, nativeKey(artifact)), hide.get(0), hide.get(1));
            String id = ClickHouseSql.tsv(http.query(clickhouse, n, sql, QUERY_TIMEOUT, hide)).stream().findFirst()
                    .map(row -> row.get(0)).filter(s -> !s.isBlank())
                    .orElseThrow(() -> new IllegalStateException("RESTORE ... ASYNC answered no operation id"));
            BackupState state = ClickHouseNativeBackup.await(id, q -> http.query(clickhouse, n, q, QUERY_TIMEOUT, hide),
                    RESTORE_TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(15));
            if (state.phase() != BackupState.Phase.RESTORED) {
                throw new IllegalStateException("RESTORE " + id + " of database " + db + " ended " + state.status()
                        + (state.error().isBlank() ? "" : ": " + state.error()));
            }
            return "RESTORE " + id + " of database " + db + ": " + state.status() + ", files " + state.numFiles();
        } catch (RuntimeException e) {
            throw new IllegalStateException(Redaction.redact(e.getMessage(), hide), null);
        }
    }

    /** What the data looks like now, per node: user tables and rows in active parts (18.16 has both). */
    public List<String> census(ComponentSpec clickhouse) {
        List<String> lines = new ArrayList<>();
        for (Node n : clickhouse.nodes()) {
            String tables = http.query(clickhouse, n, CENSUS_TABLES, QUERY_TIMEOUT, List.of()).strip();
            String rows = http.query(clickhouse, n, CENSUS_ROWS, QUERY_TIMEOUT, List.of()).strip();
            lines.add(n.name() + ": " + tables + " tables, " + rows + " rows");
        }
        return lines;
    }

    static final String CENSUS_TABLES = "SELECT count() FROM system.tables WHERE database NOT IN "
            + "('system', 'INFORMATION_SCHEMA', 'information_schema') FORMAT TabSeparated";
    static final String CENSUS_ROWS = "SELECT sum(rows) FROM system.parts WHERE active AND database NOT IN "
            + "('system', 'INFORMATION_SCHEMA', 'information_schema') FORMAT TabSeparated";

    static boolean isCli(BackupArtifact a) {
        return a.remoteLocation() != null && a.remoteLocation().startsWith(ClickHouseBackupCli.LOCATION_SCHEME);
    }

    static String cliCommand(BackupArtifact a, boolean overwrite) {
        String name = a.remoteLocation().substring(ClickHouseBackupCli.LOCATION_SCHEME.length());
        return "clickhouse-backup restore_remote " + (overwrite ? "--rm " : "") + ShellQuote.quote(name);
    }

    /** {@code s3://bucket/<key>/} → {@code <key>/}. */
    static String nativeKey(BackupArtifact a) {
        String location = a.remoteLocation();
        if (location == null || !location.startsWith("s3://") || location.indexOf('/', 5) < 0) {
            throw new IllegalStateException("not a native backup location: " + location);
        }
        String key = location.substring(location.indexOf('/', 5) + 1);
        return key.endsWith("/") ? key : key + "/";
    }

    /** The database of a native backup: its key ends in {@code <node>-<database>/}. */
    static String databaseOf(BackupArtifact a) {
        String key = nativeKey(a);
        String last = key.substring(0, key.length() - 1);
        last = last.substring(last.lastIndexOf('/') + 1);
        String prefix = a.node() + "-";
        if (!last.startsWith(prefix)) throw new IllegalStateException("native backup key " + key + " does not end in " + prefix + "<database>/");
        return last.substring(prefix.length());
    }
}
