package com.logicor.runbook.catalog;

/**
 * {@code running} while written; {@code uploaded} when stored; {@code verified} only after the stored
 * object's size and checksum were read back and matched; {@code failed}; {@code pruned} by retention.
 */
public enum ArtifactStatus {
    RUNNING, UPLOADED, VERIFIED, FAILED, PRUNED;

    public String code() {
        return name().toLowerCase();
    }

    public static ArtifactStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
