package com.logicor.runbook.backup;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;

/**
 * One component's backup method: {@link #plan} says what it will do — commands and API calls as an
 * operator reads them in history, never a secret — and {@link #run} does it, storing every artifact through
 * {@link ArtifactStore}. A method throws when any artifact fails; artifacts stored before stay verified.
 */
public interface ComponentBackup {

    ComponentId component();

    /**
     * The inventory's {@code backup_method} this one is, where a component has more than one way (MinIO: volume or
     * online); null for a component's only method.
     */
    default String method() {
        return null;
    }

    /** Whether this method is taken when the inventory names none (a component's only method always is). */
    default boolean byDefault() {
        return method() == null;
    }

    List<String> plan(ComponentSpec component);

    ComponentBackupResult run(ComponentSpec component, BackupRunContext run);
}
