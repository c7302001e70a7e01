package com.logicor.runbook.lab;

import java.util.List;
import java.util.Map;

/**
 * One component's part of a restore drill (Velero's e2e, Kanister's TestRun): what its backup holds, fingerprinted
 * from the servers themselves; how the incident destroys it; which restore process brings it back. {@link Drill} runs
 * the round trip seed → back up → destroy → restore → verify → clean with it; {@link LabExtension} uses the
 * fingerprint to tell whether a test left the component changed and the lab must be reseeded.
 */
public interface ComponentDrill {

    /** The component's id, as backup runs and the catalog name it. */
    String component();

    /** The key of the component's restore process. */
    String restoreProcess();

    /**
     * What a backup of the component holds, read from the lab's servers now: "what" → sha256 or value, in a stable
     * order; something gone reads "missing", something unreadable "unreadable: …". Equal maps mean equal data.
     */
    Map<String, String> fingerprint() throws Exception;

    /** The incident: destroys (deletes, damages, adds to) what the backup holds, on the running servers. */
    void destroy() throws Exception;

    /** The lab servers the component lives on ({@link LabServices} names): waited for, and their logs on a failure. */
    List<String> servers();

    /** Restore variables besides {@code backupRunId} and {@code approvalRequired} (e.g. MinIO's safety backup). */
    default Map<String, Object> restoreVariables() {
        return Map.of();
    }

    /** Puts back what a failed drill may leave that {@code scripts/lab up} does not reseed (ClickHouse's config). */
    default void clean() throws Exception {
    }
}
