package com.logicor.runbook.minio;

import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The regulation's MinIO backup ({@code backup_method: volume}, the default): {@code docker stop minio}, archive of
 * the volume, {@code docker start minio} — through the Docker API, the archive streamed from a helper container
 * straight into the artifact store. The other way is {@link MinioOnlineBackup}.
 *
 * <ul>
 *   <li>The backup storage is probed BEFORE the stop: no downtime for a backup that cannot be written.</li>
 *   <li>The archive is written (compressed) to local disk first — the local copy, or a spool file removed after
 *       the upload — and the container is started again as soon as the volume has been read: the upload and
 *       its verification go on while MinIO serves again. The start happens ALWAYS — also when the stop, the
 *       archive or the upload fails (the start is retried in a {@code finally}).</li>
 *   <li>A container that was not running is archived as it is and left stopped: a backup must not start a
 *       service that an operator stopped.</li>
 *   <li>{@code downtimeMillis}: from the stop call until the S3 API answers again (not just until the start
 *       call returned: MinIO needs a moment to serve).</li>
 * </ul>
 * The tar keeps the files' {@code user.*} extended attributes as PAX {@code SCHILY.xattr.*} records (podman
 * and Docker write them), which is where the lab's s3proxy keeps ETag and content type.
 */
@Component
public class MinioVolumeBackup implements ComponentBackup {

    static final String KIND = "volume";
    static final String FILE = "minio-volume.tar";

    private static final Logger log = LoggerFactory.getLogger(MinioVolumeBackup.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration READY_LIMIT = Duration.ofMinutes(2);

    /** Waits until the node's S3 API answers; false when it did not within the limit. */
    interface Readiness {
        boolean await(ComponentSpec component, Node node, Duration limit);
    }

    private final Inventory inventory;
    private final DockerEngines docker;
    private final ArtifactStore store;
    private final BackupStorage storage;
    private final Readiness readiness;

    @org.springframework.beans.factory.annotation.Autowired
    public MinioVolumeBackup(Inventory inventory, DockerEngines docker, ArtifactStore store, BackupStorage storage,
                             SecretResolver secrets) {
        this(inventory, docker, store, storage,
                (component, node, limit) -> MinioClients.awaitAnswer(MinioClients.of(secrets, component, node), limit));
    }

    MinioVolumeBackup(Inventory inventory, DockerEngines docker, ArtifactStore store, BackupStorage storage,
                      Readiness readiness) {
        this.inventory = inventory;
        this.docker = docker;
        this.store = store;
        this.storage = storage;
        this.readiness = readiness;
    }

    @Override
    public ComponentId component() {
        return MinioBlueprint.ID;
    }

    @Override
    public String method() {
        return MinioBlueprint.VOLUME;
    }

    /** The regulation's way, taken when the inventory names no backup_method. */
    @Override
    public boolean byDefault() {
        return true;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        steps.add("backup_method volume (the inventory's): MinIO is stopped while its volume is archived");
        for (Node node : component.nodes()) {
            String problem = problemOf(node);
            if (problem != null) {
                steps.add(node.name() + ": CANNOT be archived (" + problem + ")");
                continue;
            }
            steps.add(node.name() + ": check that the backup storage answers (nothing is stopped otherwise)");
            steps.add(node.name() + ": docker stop --time " + STOP_GRACE.toSeconds() + " " + node.container()
                    + " (engine " + node.engine() + "; only if it is running — a stopped container is archived as it is and stays stopped)");
            steps.add(node.name() + ": archive of volume " + node.volume() + " through a helper container (GET /containers/<helper>/archive?path=/volume/.,"
                    + " xattrs kept as PAX records) → " + KIND + " artifact " + FILE + " (compressed with the run's compression, sha256) written to local disk first");
            steps.add(node.name() + ": docker start " + node.container() + " as soon as the volume is read — always, also after a failure");
            steps.add(node.name() + ": upload the local file to S3 and confirm it (size, ETag) while MinIO serves again");
            steps.add(node.name() + ": wait until " + node.endpoints().getOrDefault("s3", "<no s3 endpoint>")
                    + " answers ListBuckets (at most " + READY_LIMIT.toSeconds() + " s); downtimeMillis = stop call → S3 answers");
        }
        return steps;
    }

    private static String problemOf(Node node) {
        if (node.engine() == null || node.container() == null) return "not in a container";
        if (node.volume() == null) return "no volume in the inventory";
        return null;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        for (Node node : component.nodes()) {
            String problem = problemOf(node);
            if (problem != null) throw new IllegalStateException(component.id() + "/" + node.name() + ": " + problem);
        }
        storage.remote().ifPresent(ObjectStorage::probe); // before any downtime
        ComponentBackupResult.Builder result = ComponentBackupResult.builder();
        long totalDowntime = 0;
        long storedBytes = 0;
        for (Node node : component.nodes()) {
            NodeRun nodeRun = new NodeRun(component, node, run);
            StoredArtifact artifact = nodeRun.run();
            result.artifact(artifact);
            totalDowntime += nodeRun.downtimeMillis;
            storedBytes += artifact.size();
            nodeRun.measurements.forEach((k, v) -> result.measure(node.name() + "." + k, v));
        }
        result.measure("backupMethod", method());
        result.measure("downtimeMillis", totalDowntime);
        result.measure("storedBytes", storedBytes);
        return result.build(component.id());
    }

    /** Stop → archive → start of one node, with its timings. */
    private final class NodeRun {
        final ComponentSpec component;
        final Node node;
        final BackupRunContext run;
        final DockerEngine engine;
        final Map<String, Object> measurements = new LinkedHashMap<>();
        long downtimeMillis;
        private long stopCalledAt;
        private long volumeReadAt;
        private long tarBytes;
        private volatile boolean started;
        private volatile RuntimeException startFailure;

        NodeRun(ComponentSpec component, Node node, BackupRunContext run) {
            this.component = component;
            this.node = node;
            this.run = run;
            this.engine = inventory.engine(node.engine());
        }

        StoredArtifact run() {
            String where = component.id() + "/" + node.name();
            boolean wasRunning = docker.inspect(engine, node.container()).running();
            measurements.put("wasRunning", wasRunning);
            RuntimeException failure = null;
            StoredArtifact artifact = null;
            stopCalledAt = System.nanoTime();
            try {
                if (wasRunning) {
                    docker.stop(engine, node.container(), STOP_GRACE);
                    measurements.put("stopMillis", millis(stopCalledAt, System.nanoTime()));
                }
                long archiveStart = System.nanoTime();
                // LOCAL_FIRST: MinIO is down only while the archive is compressed to local disk, not while it is
                // uploaded — the regulation's own order (tar to disk, start, then copy away).
                ArtifactRequest request = ArtifactRequest.of(run, component, node.name(), KIND, FILE)
                        .withStaging(ArtifactStore.Staging.LOCAL_FIRST);
                artifact = store.store(request, out -> {
                    try (InputStream tar = docker.archiveFromVolume(engine, node.volume())) {
                        tarBytes = tar.transferTo(out);
                    } finally {
                        volumeReadAt = System.nanoTime();
                        if (wasRunning) startAgain(); // MinIO serves again while the upload finishes
                    }
                });
                measurements.put("archiveMillis", millis(archiveStart, volumeReadAt));
                measurements.put("tarBytes", tarBytes);
                measurements.put("storedBytes", artifact.size());
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                if (wasRunning && !started) startAgain(); // the archive never ran, or the first start failed
            }
            if (!wasRunning) {
                if (failure != null) throw new IllegalStateException(where + " " + KIND + ": " + failure.getMessage()
                        + " (the container was not running and stays stopped)", failure);
                return artifact;
            }
            boolean answers = started && readiness.await(component, node, READY_LIMIT);
            long end = System.nanoTime();
            downtimeMillis = millis(stopCalledAt, end);
            measurements.put("downtimeMillis", downtimeMillis);
            String downtime = "downtime " + downtimeMillis + " ms";
            if (!started) {
                throw new IllegalStateException(where + ": container " + node.container() + " did NOT start again: "
                        + startFailure.getMessage() + (failure == null ? "" : "; the backup failed too: " + failure.getMessage()),
                        startFailure);
            }
            if (!answers) {
                throw new IllegalStateException(where + ": container " + node.container() + " started again but its S3 API did not answer within "
                        + READY_LIMIT.toSeconds() + " s" + (failure == null ? " (the backup itself is stored and verified)"
                        : "; the backup failed too: " + failure.getMessage()), failure);
            }
            if (failure != null) {
                throw new IllegalStateException(where + " " + KIND + ": " + failure.getMessage() + " — container "
                        + node.container() + " started again and answers, " + downtime, failure);
            }
            log.info("{}: volume {} archived, {} bytes stored, {}", where, node.volume(), artifact.size(), downtime);
            return artifact;
        }

        /** Starts the container; a failure is kept, and the caller's finally tries once more. */
        private synchronized void startAgain() {
            if (started) return;
            long at = System.nanoTime();
            try {
                docker.start(engine, node.container());
                started = true;
                measurements.put("startMillis", millis(at, System.nanoTime()));
            } catch (RuntimeException e) {
                startFailure = e;
                log.warn("{}/{}: start of {} failed: {}", component.id(), node.name(), node.container(), e.getMessage());
            }
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
