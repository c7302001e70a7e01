package com.logicor.runbook.backup;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Retention;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.LocalPaths;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Retention of one component, local and remote apart: keep the newest {@code keep_*} backup runs and/or
 * those younger than {@code keep_*_age}; prune the rest. A backup run's artifacts go together. Never pruned:
 * the newest verified backup of the component, whatever the limits say, and any artifact an open recovery
 * holds. A copy a restore found damaged (catalog V7) counts for nothing on its side: the newest backup kept there is the
 * newest with an intact copy, and the damaged copy itself is left in quarantine, not pruned.
 */
@Component
public class RetentionPruner {

    private final BackupCatalog catalog;
    private final BackupStorage storage;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public RetentionPruner(BackupCatalog catalog, BackupStorage storage) {
        this(catalog, storage, Clock.systemUTC());
    }

    RetentionPruner(BackupCatalog catalog, BackupStorage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    /** Artifacts whose local copy / remote object was removed, out of {@code runsBefore} verified backup runs. */
    public record PruneReport(String component, int localPruned, int remotePruned, int runsBefore) {}

    public PruneReport prune(ComponentSpec component) {
        Retention r = component.retention();
        List<List<BackupArtifact>> runs = byRun(catalog.retainedArtifacts(component.id()));
        if (r == null || runs.size() <= 1) {
            return new PruneReport(component.id(), 0, 0, runs.size());
        }
        int local = pruneSide(runs, r.keepLocal(), r.keepLocalAge(),
                BackupArtifact::localIntact, this::deleteLocal);
        Optional<ObjectStorage> remote = storage.remote();
        int remoteCount = remote.map(s3 -> pruneSide(runs, r.keepRemote(), r.keepRemoteAge(),
                BackupArtifact::remoteIntact, a -> deleteRemote(s3, a))).orElse(0);
        return new PruneReport(component.id(), local, remoteCount, runs.size());
    }

    /** Groups artifacts by backup run, keeping the newest-first order of the catalog. */
    private static List<List<BackupArtifact>> byRun(List<BackupArtifact> artifacts) {
        Map<String, List<BackupArtifact>> runs = new LinkedHashMap<>();
        for (BackupArtifact a : artifacts) runs.computeIfAbsent(a.runId(), k -> new ArrayList<>()).add(a);
        return new ArrayList<>(runs.values());
    }

    private int pruneSide(List<List<BackupArtifact>> runs, Integer keepCount, Duration keepAge,
                          Predicate<BackupArtifact> present, Function<BackupArtifact, Boolean> delete) {
        if (keepCount == null && keepAge == null) return 0;
        OffsetDateTime cutoff = keepAge == null ? null : OffsetDateTime.now(clock).minus(keepAge);
        List<List<BackupArtifact>> onThisSide = runs.stream()
                .filter(run -> run.stream().anyMatch(present)).toList();
        int pruned = 0;
        // index 0 is the newest backup with a copy on this side: it always stays
        for (int i = 1; i < onThisSide.size(); i++) {
            List<BackupArtifact> run = onThisSide.get(i);
            boolean beyondCount = keepCount != null && i >= keepCount;
            boolean tooOld = cutoff != null && run.get(0).startedAt().isBefore(cutoff);
            if (!beyondCount && !tooOld) continue;
            if (run.stream().anyMatch(a -> catalog.isHeld(a.id()))) continue;
            for (BackupArtifact a : run) {
                if (present.test(a) && delete.apply(a)) pruned++;
            }
        }
        return pruned;
    }

    private boolean deleteLocal(BackupArtifact a) {
        Path root = storage.localRoot();
        Path file;
        try {
            // the catalog's word is not enough to delete a file: only what lies under the local backup root
            file = LocalPaths.requireInside(root, a.localLocation());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("not pruning the local copy of artifact " + a.id() + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(file);
            deleteIfEmpty(file.getParent(), root);
            catalog.markLocalPruned(a.id());
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prune local copy " + a.localLocation() + ": " + e.getMessage(), e);
        }
    }

    private boolean deleteRemote(ObjectStorage s3, BackupArtifact a) {
        String prefix = "s3://" + s3.bucket() + "/";
        if (!a.remoteLocation().startsWith(prefix)) return false; // another store's object (e.g. clickhouse-backup)
        String key = a.remoteLocation().substring(prefix.length());
        if (key.endsWith("/")) {
            // a backup the server wrote itself (ClickHouse BACKUP … TO S3) is a folder of objects
            s3.list(key).forEach(o -> s3.delete(o.key()));
        } else {
            s3.delete(key);
        }
        catalog.markRemotePruned(a.id());
        return true;
    }

    private static void deleteIfEmpty(Path dir, Path root) throws IOException {
        if (dir == null || !LocalPaths.isInside(root, dir.toString()) || !Files.isDirectory(dir)) return;
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.delete(dir);
        }
    }
}
