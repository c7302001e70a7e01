package com.logicor.runbook.backup;

/** An artifact could not be produced, stored or verified; the catalog row says failed with the reason. */
public class ArtifactFailedException extends RuntimeException {
    public ArtifactFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
