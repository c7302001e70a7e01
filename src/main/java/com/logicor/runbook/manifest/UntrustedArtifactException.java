package com.logicor.runbook.manifest;

/** A restore's artifact whose catalog row is not backed by a trusted signed manifest: refused before its bytes are read. */
public class UntrustedArtifactException extends RuntimeException {

    public UntrustedArtifactException(String message) {
        super(message);
    }

    public UntrustedArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
