package com.logicor.runbook.catalog;

import java.time.OffsetDateTime;

/**
 * One file a backup produced: where it is, how big, its sha256, whether it is verified, and what it holds
 * ({@link ArtifactSubject}: database, table, etcd revision and hash; null where they do not apply or the row is older),
 * and per copy the damage a restore's read-back found ({@code localDamage}, {@code remoteDamage}: the reason, null when
 * none was found; catalog V7): a damaged copy is quarantined, never read again for a restore and never pruned.
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
        Long etcdHash,
        String localDamage,
        String remoteDamage) {

    /** Whether the local copy exists, is not pruned and was not found damaged by a restore's read-back. */
    public boolean localIntact() {
        return localLocation != null && localPrunedAt == null && localDamage == null;
    }

    /** Whether the S3 copy exists, is not pruned and was not found damaged by a restore's read-back. */
    public boolean remoteIntact() {
        return remoteLocation != null && remotePrunedAt == null && remoteDamage == null;
    }

    /** The recorded damage of the copy at {@code location} (one of this artifact's own), or null. */
    public String damageOf(String location) {
        if (location == null) return null;
        if (location.equals(remoteLocation)) return remoteDamage;
        if (location.equals(localLocation)) return localDamage;
        return null;
    }
}
