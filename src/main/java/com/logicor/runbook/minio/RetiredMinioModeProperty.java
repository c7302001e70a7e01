package com.logicor.runbook.minio;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code runbook.backup.minio-mode} chose MinIO's backup method for the whole site; the inventory's
 * {@code backup_method} on the minio component does now. A start-up that still sets the property stops here:
 * ignored, an {@code online} site would silently go back to stopping MinIO for every backup.
 */
@Component
class RetiredMinioModeProperty {

    RetiredMinioModeProperty(@Value("${runbook.backup.minio-mode:#{null}}") String mode) {
        if (mode != null) {
            throw new IllegalStateException("runbook.backup.minio-mode (" + mode + ") is no longer read: set backup_method: "
                    + mode.strip().toLowerCase() + " on the minio component of the inventory instead, and remove the property");
        }
    }
}
