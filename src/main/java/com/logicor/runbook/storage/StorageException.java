package com.logicor.runbook.storage;

/** Object storage refused or failed a request; the message names the endpoint, bucket and key. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
