package com.logicor.runbook.catalog;

import java.time.OffsetDateTime;

/**
 * One file a backup produced: where it is, how big, its sha256, whether it is verified, and what it holds
 * ({@link ArtifactSubject}: database, table, etcd revision and hash; null where they do not apply or the row is older).
 */
public record BackupArtifact(
        String id,
        String runId,
        String component,
        String node,
        String kind,
        String localLocation,
        String remoteLocation,
        Long sizeBytes,
        String sha256,
        ArtifactStatus status,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        String processInstanceId,
        String message,
        OffsetDateTime localPrunedAt,
        OffsetDateTime remotePrunedAt,
        String database,
        String table,
        Long etcdRevision,
        Long etcdHash) {
}
