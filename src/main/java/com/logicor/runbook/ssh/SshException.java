package com.logicor.runbook.ssh;

/** The host could not be reached, authenticated or talked to; the message names the host and the reason. */
public class SshException extends RuntimeException {
    public SshException(String message, Throwable cause) {
        super(message, cause);
    }
}
