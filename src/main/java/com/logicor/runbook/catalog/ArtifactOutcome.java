package com.logicor.runbook.catalog;

/**
 * How an artifact ended, for {@link BackupCatalog#recordArtifact}: where it went and what it measured when verified;
 * only the reason when it failed.
 */
public record ArtifactOutcome(String localLocation, String remoteLocation, Long sizeBytes, String sha256,
                              ArtifactStatus status, String message) {

    /** Stored and checked. Locations are null where there is no copy; sha256 is null where the server wrote it itself. */
    public static ArtifactOutcome verified(String localLocation, String remoteLocation, Long sizeBytes, String sha256,
                                           String message) {
        return new ArtifactOutcome(localLocation, remoteLocation, sizeBytes, sha256, ArtifactStatus.VERIFIED, message);
    }

    /** Nothing usable was kept (what was partly stored has been removed). */
    public static ArtifactOutcome failed(String message) {
        return new ArtifactOutcome(null, null, null, null, ArtifactStatus.FAILED, message);
    }
}
