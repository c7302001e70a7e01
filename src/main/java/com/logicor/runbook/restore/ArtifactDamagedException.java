package com.logicor.runbook.restore;

/** The stored artifact is not what the backup stored (checksum, size or format): nothing may be restored from it. */
public class ArtifactDamagedException extends RuntimeException {
    public ArtifactDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
