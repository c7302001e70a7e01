package com.logicor.runbook.postgresql;

import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactSubject;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.output.CountingOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL (Patroni): logical dumps streamed out of {@code docker exec} — nothing is written inside the
 * container or on the runbook's disk besides the store's own local copy.
 * <ul>
 * <li>{@code pg_dumpall} — the whole cluster, the regulation's {@code full_backup.sql};</li>
 * <li>{@code pg_dumpall --globals-only} — roles and tablespaces (the regulation forgets {@code -U});</li>
 * <li>{@code pg_dump -Fc -Z0} per database — what the regulation's restore actually reads (it restores earth and
 * grafana one by one, from files no backup step made). Every database that exists at backup time is dumped
 * ({@code pg_database}: accepts connections, not a template), the inventory's {@code databases} being the minimum: a
 * listed database that does not exist fails the backup, and one created after the inventory was written (a drill
 * found {@code склад} only inside full_backup.sql) gets its own dump.</li>
 * </ul>
 * Before the dumps, a census (per database, its user tables and row counts, {@link PostgresCensus}) is recorded as the
 * measurement {@code census}; the recovery's verification compares the restored cluster with it.
 * The custom-format dumps are taken uncompressed ({@code -Z0}) and compressed by the store with the run's
 * compression: zstd on the runbook side is several times faster than pg_dump's zlib and takes that CPU off the
 * database server; compressing twice would only cost time.
 * <p>
 * The dumps run through the container's local connection as the inventory's user. No password is passed:
 * {@link DockerEngines#exec} cannot set an environment variable yet (PGPASSWORD), and a password on the
 * command line would show in {@code ps} — so the container must trust its local connections (Patroni's
 * images and the lab do).
 */
@Component
public class PostgresDumpBackup implements ComponentBackup {

    private static final Logger log = LoggerFactory.getLogger(PostgresDumpBackup.class);
    private static final Duration DUMP_TIMEOUT = Duration.ofHours(6);
    static final String MAINTENANCE_DATABASE = "postgres";

    private final PostgresPrimary primary;
    private final DockerEngines docker;
    private final ArtifactStore store;

    public PostgresDumpBackup(PostgresPrimary primary, DockerEngines docker, ArtifactStore store) {
        this.primary = primary;
        this.docker = docker;
        this.store = store;
    }

    /** One artifact: its kind, file name, the command whose stdout it is, and its database (null for the cluster-wide ones). */
    record Dump(String kind, String fileName, List<String> command, String database) {}

    @Override
    public ComponentId component() {
        return PostgresBlueprint.ID;
    }

    /** The inventory's databases only (the plan's view, before the server is asked). */
    static List<Dump> dumps(ComponentSpec component) {
        return dumps(component, component.databases() == null ? List.of() : component.databases());
    }

    static List<Dump> dumps(ComponentSpec component, List<String> databases) {
        String user = PostgresPrimary.userOf(component);
        List<Dump> dumps = new ArrayList<>();
        dumps.add(new Dump("dumpall", "full_backup.sql", List.of("pg_dumpall", "-U", user), null));
        dumps.add(new Dump("globals", "globals.sql", List.of("pg_dumpall", "-U", user, "--globals-only"), null));
        for (String db : databases) {
            dumps.add(new Dump("dump", db + ".dump", List.of("pg_dump", "-U", user, "-Fc", "-Z0", db), db));
        }
        return dumps;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        String nodes = String.join(", ", component.nodes().stream()
                .map(n -> n.name() + " (container " + n.container() + " on engine " + n.engine() + ")").toList());
        // with one node its container is named; with several, the primary's is known only at run time
        String container = component.nodes().size() == 1 ? ShellQuote.quote(String.valueOf(component.nodes().get(0).container()))
                : "<primary's container>";
        String user = PostgresPrimary.userOf(component);
        steps.add("pick the primary among " + nodes + ": docker exec " + container + " " + shown(PostgresPrimary.roleCommand(user))
                + "  → f = primary; a replica only if no primary answers");
        steps.add("list the databases: docker exec " + container + " " + shown(PostgresCensus.databasesCommand(user))
                + "  → every one is dumped; the inventory's " + String.join(", ", component.databases() == null ? List.of() : component.databases())
                + " must be among them");
        steps.add("census per database: docker exec " + container + " " + shown(PostgresCensus.tablesCommand(user, "<database>"))
                + "  → its user tables and exact row counts, recorded as the measurement census");
        for (Dump dump : dumps(component)) {
            steps.add("docker exec " + container + " " + shown(dump.command()) + "  → " + dump.kind() + " artifact "
                    + dump.fileName() + " (stdout streamed, compressed with the run's compression; a non-zero exit "
                    + "fails the artifact)");
        }
        steps.add("no password is passed: local connections inside the container as " + user
                + "; nothing is written inside the container");
        return steps;
    }

    private static String shown(List<String> command) {
        return ShellQuote.join(command.toArray(String[]::new));
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        ComponentBackupResult.Builder result = ComponentBackupResult.builder();
        PostgresPrimary.Target chosen = primary.choose(component, true);
        result.measure("node", chosen.node().name());
        result.measure("role", chosen.primary() ? "primary" : "replica");
        List<String> databases = databasesToDump(component, PostgresCensus.databases(docker, chosen, PostgresPrimary.userOf(component)), result);
        result.measure("databases", databases);
        // Taken before the dumps: rows added meanwhile are in the dumps too, so a restore never holds fewer than this.
        Map<String, Map<String, Long>> census = new TreeMap<>();
        for (String db : databases) {
            try {
                census.put(db, PostgresCensus.tables(docker, chosen, PostgresPrimary.userOf(component), db));
            } catch (RuntimeException e) {
                result.fail("census of database " + db + ": " + e.getMessage());
            }
        }
        result.measure(PostgresCensus.MEASUREMENT, census);
        // The dumps run side by side: each is bound by its own stream (exec → compression → upload), not by the
        // database, and one broken database must not cost the others their backup.
        List<Dump> dumps = dumps(component, databases);
        ExecutorService pool = Executors.newFixedThreadPool(dumps.size(), r -> {
            Thread t = new Thread(r, "postgresql-dump");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<StoredArtifact>> running = new ArrayList<>();
            for (Dump dump : dumps) {
                running.add(pool.submit(() -> dumpOne(component, run, chosen, dump, result)));
            }
            for (int i = 0; i < dumps.size(); i++) {
                try {
                    result.artifact(running.get(i).get());
                } catch (ExecutionException e) {
                    log.warn("postgresql/{}: {} failed: {}", chosen.node().name(), dumps.get(i).fileName(), e.getCause().getMessage());
                    result.fail(e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("postgresql: interrupted while dumping", e);
        } finally {
            pool.shutdownNow();
        }
        return result.build(failures -> "postgresql/" + chosen.node().name() + ": " + failures.size() + " failed ("
                + dumps.size() + " dumps): " + String.join("; ", failures));
    }

    /**
     * The databases to dump: the inventory's (each must exist) and every other one the server has. A name the restore
     * would refuse ({@link PostgresRestore#nameProblem}) is not dumped on its own (full_backup.sql still holds it) and
     * fails the backup loudly, as does a listed database that does not exist. The maintenance database {@code postgres}
     * only when listed.
     */
    static List<String> databasesToDump(ComponentSpec component, List<String> existing, ComponentBackupResult.Builder result) {
        List<String> listed = component.databases() == null ? List.of() : component.databases();
        Set<String> chosen = new LinkedHashSet<>();
        for (String db : listed) {
            if (existing.contains(db)) chosen.add(db);
            else result.fail("database " + PostgresRestore.shownName(db) + " is listed in the inventory but does not exist (the server has: "
                    + String.join(", ", existing) + ")");
        }
        for (String db : existing) {
            // the maintenance database: every client tool connects to it (dropdb, pg_restore --create), so a restore
            // could not drop it; it is in full_backup.sql, and the inventory may list it to have it dumped on its own
            if (chosen.contains(db) || db.equals(MAINTENANCE_DATABASE)) continue;
            String problem = PostgresRestore.nameProblem(db);
            if (problem == null) chosen.add(db);
            else result.fail("database " + PostgresRestore.shownName(db) + " has a name the restore refuses (" + problem
                    + "): not dumped on its own, only inside full_backup.sql");
        }
        return new ArrayList<>(chosen);
    }

    private StoredArtifact dumpOne(ComponentSpec component, BackupRunContext run, PostgresPrimary.Target chosen, Dump dump,
                                   ComponentBackupResult.Builder result) {
        long start = System.nanoTime();
        AtomicLong raw = new AtomicLong();
        ArtifactRequest request = ArtifactRequest.of(run, component, chosen.node().name(), dump.kind(), dump.fileName())
                .withSubject(dump.database() == null ? ArtifactSubject.NONE : ArtifactSubject.database(dump.database()));
        StoredArtifact artifact = store.store(request, out -> stream(chosen, dump, out, raw));
        result.measure(dump.fileName() + ".rawBytes", raw.get());
        result.measure(dump.fileName() + ".storedBytes", artifact.size());
        result.measure(dump.fileName() + ".millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return artifact;
    }

    private void stream(PostgresPrimary.Target chosen, Dump dump, OutputStream out, AtomicLong raw) throws IOException {
        CountingOutputStream counted = new CountingOutputStream(out);
        ExecResult result = docker.exec(chosen.engine(), chosen.node().container(), dump.command(), counted, DUMP_TIMEOUT);
        raw.set(counted.getByteCount());
        if (!result.ok()) {
            // Thrown from the source, this fails the upload too: a dump cut short is never stored as complete.
            throw new IOException(String.join(" ", dump.command()) + " exited " + result.exitStatus() + " after "
                    + counted.getByteCount() + " bytes of output" + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        }
        if (counted.getByteCount() == 0) {
            throw new IOException(String.join(" ", dump.command()) + " exited 0 but wrote nothing");
        }
    }
}
