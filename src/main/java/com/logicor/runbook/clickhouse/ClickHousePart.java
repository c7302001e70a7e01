package com.logicor.runbook.clickhouse;

import com.logicor.runbook.backup.StoredArtifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one part of the ClickHouse backup (config, data) did: artifacts stored, measurements, and the
 * failures of single nodes or databases. A part goes on past a failure so that one bad node costs only its
 * own artifact; {@link ClickHouseBackup} throws at the end when anything failed.
 */
public final class ClickHousePart {

    final List<StoredArtifact> artifacts = new ArrayList<>();
    final Map<String, Object> measurements = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();

    public List<StoredArtifact> artifacts() {
        return List.copyOf(artifacts);
    }

    public Map<String, Object> measurements() {
        return Map.copyOf(measurements);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    void add(ClickHousePart other) {
        artifacts.addAll(other.artifacts);
        measurements.putAll(other.measurements);
        failures.addAll(other.failures);
    }
}
