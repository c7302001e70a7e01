package com.logicor.runbook.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one component's backup produced: the stored artifacts and measurements worth keeping in the manifest
 * and history (e.g. {@code downtimeMillis} of a stop/start method, an etcd snapshot's revision and hash).
 */
public record ComponentBackupResult(List<StoredArtifact> artifacts, Map<String, Object> measurements) {

    public ComponentBackupResult {
        artifacts = List.copyOf(artifacts);
        measurements = Map.copyOf(measurements);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects a result while a method works through nodes, databases or dumps, and the failures of single ones: a
     * method goes on past a failure so that one bad node costs only its own artifact, and {@link #build} throws at
     * the end naming every failure. Safe to fill from parallel workers.
     */
    public static final class Builder {

        private final List<StoredArtifact> artifacts = new ArrayList<>();
        private final Map<String, Object> measurements = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();

        private Builder() {
        }

        public synchronized Builder artifact(StoredArtifact artifact) {
            artifacts.add(artifact);
            return this;
        }

        public synchronized Builder measure(String name, Object value) {
            measurements.put(name, value);
            return this;
        }

        /** One node's or part's failure, already naming what failed. */
        public synchronized Builder fail(String reason) {
            failures.add(reason);
            return this;
        }

        public synchronized int artifactCount() {
            return artifacts.size();
        }

        /** The result, or an exception naming every failure; what was stored before stays verified in the catalog. */
        public ComponentBackupResult build(String where) {
            return build(failed -> where + ": " + failed.size() + " failed (" + artifactCount()
                    + " artifact(s) stored and verified): " + String.join("; ", failed));
        }

        /** As {@link #build(String)}, the exception's message made from the failures by the method that knows their whole. */
        public synchronized ComponentBackupResult build(Function<List<String>, String> failureMessage) {
            if (!failures.isEmpty()) throw new IllegalStateException(failureMessage.apply(List.copyOf(failures)));
            return new ComponentBackupResult(artifacts, measurements);
        }
    }
}
