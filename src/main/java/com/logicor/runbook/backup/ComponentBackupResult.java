package com.logicor.runbook.backup;

import java.util.List;
import java.util.Map;

/**
 * What one component's backup produced: the stored artifacts and measurements worth keeping in the manifest
 * and history (e.g. {@code downtimeMillis} of a stop/start method, an etcd snapshot's revision and hash).
 */
public record ComponentBackupResult(List<StoredArtifact> artifacts, Map<String, Object> measurements) {

    public ComponentBackupResult {
        artifacts = List.copyOf(artifacts);
        measurements = Map.copyOf(measurements);
    }
}
