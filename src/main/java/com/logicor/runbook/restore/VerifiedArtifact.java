package com.logicor.runbook.restore;

import com.logicor.runbook.catalog.BackupArtifact;

/**
 * An artifact whose stored bytes were just read back and matched the catalog's size and sha256.
 *
 * @param location where it was read from: {@code s3://bucket/key} or a local path
 * @param rawSize  its size once decompressed — what lands on the target
 */
public record VerifiedArtifact(BackupArtifact artifact, String location, long rawSize) {

    /** The file name without the compression extension, e.g. {@code earth.dump}. */
    public String rawFileName() {
        String name = location.substring(location.lastIndexOf('/') + 1);
        return StoredCompression.of(location).strip(name);
    }
}
