package com.logicor.runbook.docker;

/** The engine refused or failed an operation; the message names the engine and the container. */
public class DockerException extends RuntimeException {
    public DockerException(String message, Throwable cause) {
        super(message, cause);
    }
}
