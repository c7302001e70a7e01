package com.logicor.runbook.restore;

/** The stored artifact is not what the backup stored (checksum, size or format): nothing may be restored from it. */
public class ArtifactDamagedException extends RuntimeException {

    private final boolean mismatch;
    private final String reason;

    public ArtifactDamagedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** {@code mismatch}: the bytes read differ from the catalog's sha256 or size — the copy itself is damaged. */
    public ArtifactDamagedException(String message, Throwable cause, boolean mismatch) {
        this(message, cause, mismatch, null);
    }

    /** {@code reason}: what was wrong with the copy in a few words, for the catalog's damage mark and the evidence. */
    public ArtifactDamagedException(String message, Throwable cause, boolean mismatch, String reason) {
        super(message, cause);
        this.mismatch = mismatch;
        this.reason = reason;
    }

    /** What was wrong with the copy, without the artifact's description; the message when none was given. */
    public String reason() {
        return reason != null ? reason : getMessage();
    }

    /** Whether the copy read was found damaged (sha256 or size), as opposed to unreadable or absent. */
    public boolean mismatch() {
        return mismatch;
    }
}
