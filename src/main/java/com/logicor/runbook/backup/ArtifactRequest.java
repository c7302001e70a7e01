package com.logicor.runbook.backup;

import com.logicor.runbook.catalog.ArtifactSubject;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.streams.Compression;

/**
 * One artifact for {@link ArtifactStore#store}: whose it is, its kind and file name (the store adds the compression's
 * extension), how it is compressed and staged, and what it holds. {@link #of} gives the usual case; the
 * {@code with…} methods change one thing.
 */
public record ArtifactRequest(BackupRunContext run, ComponentSpec component, String node, String kind, String fileName,
                              Compression compression, ArtifactStore.Staging staging, ArtifactSubject subject) {

    /** Compressed with the run's compression, streamed ({@link ArtifactStore.Staging#STREAM}), holding nothing more than its kind says. */
    public static ArtifactRequest of(BackupRunContext run, ComponentSpec component, String node, String kind, String fileName) {
        return new ArtifactRequest(run, component, node, kind, fileName, run.compression(), ArtifactStore.Staging.STREAM,
                ArtifactSubject.NONE);
    }

    /** For bytes that are compressed already (a gzip snapshot, a packfile): {@link Compression#NONE}. */
    public ArtifactRequest withCompression(Compression compression) {
        return new ArtifactRequest(run, component, node, kind, fileName, compression, staging, subject);
    }

    public ArtifactRequest withStaging(ArtifactStore.Staging staging) {
        return new ArtifactRequest(run, component, node, kind, fileName, compression, staging, subject);
    }

    /** What the artifact holds (a database, an etcd snapshot's revision and hash), recorded for the restore. */
    public ArtifactRequest withSubject(ArtifactSubject subject) {
        return new ArtifactRequest(run, component, node, kind, fileName, compression, staging, subject);
    }
}
