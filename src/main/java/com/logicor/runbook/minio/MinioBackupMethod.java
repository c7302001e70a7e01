package com.logicor.runbook.minio;

import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.inventory.ComponentSpec;
import java.util.List;

/**
 * One way to back up MinIO. Not a {@link com.logicor.runbook.backup.ComponentBackup} itself: only
 * {@link MinioBackup} is registered for the component, and it picks one of these.
 */
public interface MinioBackupMethod {

    List<String> plan(ComponentSpec component);

    ComponentBackupResult run(ComponentSpec component, BackupRunContext run);
}
