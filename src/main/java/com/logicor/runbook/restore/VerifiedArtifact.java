package com.logicor.runbook.restore;

import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.catalog.BackupArtifact;

/**
 * An artifact whose stored bytes were just read back and matched the catalog's size and sha256.
 *
 * @param location where it was read from: {@code s3://bucket/key} or a local path
 * @param rawSize  its size once decompressed — what lands on the target
 * @param trust    what vouched for its catalog row (the signed manifest and its key), for the evidence; null when
 *                 recalled in a later step, which checks the manifest again itself
 * @param fallback  why this copy and not the S3 one (the S3 copy was damaged, quarantined or unreadable and this local
 *                  copy matched), for the evidence; null when the first choice passed
 */
public record VerifiedArtifact(BackupArtifact artifact, String location, long rawSize, String trust, String fallback) {

    public VerifiedArtifact(BackupArtifact artifact, String location, long rawSize, String trust) {
        this(artifact, location, rawSize, trust, null);
    }

    public VerifiedArtifact(BackupArtifact artifact, String location, long rawSize) {
        this(artifact, location, rawSize, null, null);
    }

    /** The file name without the compression extension, e.g. {@code earth.dump}. */
    public String rawFileName() {
        String name = location.substring(location.lastIndexOf('/') + 1);
        return Compression.ofLocation(location).strip(name);
    }
}
