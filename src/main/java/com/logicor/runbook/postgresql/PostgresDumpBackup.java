package com.logicor.runbook.postgresql;

import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <li>{@code pg_dump -Fc -Z0} per database of the inventory — what the regulation's restore actually reads
 * (it restores earth and grafana one by one, from files no backup step made).</li>
 * </ul>
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

    private final PostgresPrimary primary;
    private final DockerEngines docker;
    private final ArtifactStore store;

    public PostgresDumpBackup(PostgresPrimary primary, DockerEngines docker, ArtifactStore store) {
        this.primary = primary;
        this.docker = docker;
        this.store = store;
    }

    /** One artifact: its kind, file name and the command whose stdout it is. */
    record Dump(String kind, String fileName, List<String> command) {}

    @Override
    public ComponentId component() {
        return PostgresBlueprint.ID;
    }

    static List<Dump> dumps(ComponentSpec component) {
        String user = PostgresPrimary.userOf(component);
        List<Dump> dumps = new ArrayList<>();
        dumps.add(new Dump("dumpall", "full_backup.sql", List.of("pg_dumpall", "-U", user)));
        dumps.add(new Dump("globals", "globals.sql", List.of("pg_dumpall", "-U", user, "--globals-only")));
        for (String db : component.databases()) {
            dumps.add(new Dump("dump", db + ".dump", List.of("pg_dump", "-U", user, "-Fc", "-Z0", db)));
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
        Map<String, Object> measurements = Collections.synchronizedMap(new LinkedHashMap<>());
        PostgresPrimary.Target chosen = primary.choose(component, true);
        measurements.put("node", chosen.node().name());
        measurements.put("role", chosen.primary() ? "primary" : "replica");
        // The dumps run side by side: each is bound by its own stream (exec → compression → upload), not by the
        // database, and one broken database must not cost the others their backup.
        List<Dump> dumps = dumps(component);
        ExecutorService pool = Executors.newFixedThreadPool(dumps.size(), r -> {
            Thread t = new Thread(r, "postgresql-dump");
            t.setDaemon(true);
            return t;
        });
        List<StoredArtifact> artifacts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            List<Future<StoredArtifact>> running = new ArrayList<>();
            for (Dump dump : dumps) {
                running.add(pool.submit(() -> dumpOne(component, run, chosen, dump, measurements)));
            }
            for (int i = 0; i < dumps.size(); i++) {
                try {
                    artifacts.add(running.get(i).get());
                } catch (ExecutionException e) {
                    log.warn("postgresql/{}: {} failed: {}", chosen.node().name(), dumps.get(i).fileName(), e.getCause().getMessage());
                    failures.add(e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("postgresql: interrupted while dumping", e);
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("postgresql/" + chosen.node().name() + ": " + failures.size() + " of "
                    + dumps.size() + " dumps failed: " + String.join("; ", failures));
        }
        return new ComponentBackupResult(artifacts, new LinkedHashMap<>(measurements));
    }

    private StoredArtifact dumpOne(ComponentSpec component, BackupRunContext run, PostgresPrimary.Target chosen, Dump dump,
                                   Map<String, Object> measurements) {
        long start = System.nanoTime();
        AtomicLong raw = new AtomicLong();
        StoredArtifact artifact = store.store(run, component, chosen.node().name(), dump.kind(), dump.fileName(),
                run.compression(), out -> stream(chosen, dump, out, raw));
        measurements.put(dump.fileName() + ".rawBytes", raw.get());
        measurements.put(dump.fileName() + ".storedBytes", artifact.size());
        measurements.put(dump.fileName() + ".millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
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
