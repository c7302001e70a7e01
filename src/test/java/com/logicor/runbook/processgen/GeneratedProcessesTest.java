package com.logicor.runbook.processgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.component.ComponentBlueprints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checked-in restore processes, the recovery and its forms are exactly what the generator writes. */
class GeneratedProcessesTest {

    @Test
    void checkedInFilesAreWhatTheGeneratorWrites() throws Exception {
        Map<String, String> generated = GeneratedProcesses.files(ComponentBlueprints.production());
        assertThat(generated).containsKeys("bpmn/full-cluster-recovery.bpmn", "bpmn/restore-keeper.bpmn",
                "bpmn/restore-clickhouse.bpmn", "bpmn/restore-etcd.bpmn", "bpmn/restore-postgresql.bpmn",
                "bpmn/restore-minio.bpmn", "bpmn/restore-vault.bpmn", "forms/recovery-assess.form", "forms/recovery-approve.form");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> f : generated.entrySet()) {
            Path file = Path.of(f.getKey());
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(f.getValue())) stale.add(f.getKey());
        }
        assertThat(stale).as("files that differ from the generator's output: run scripts/generate-processes").isEmpty();
    }

    @Test
    void everyRestoreFileInBpmnIsGenerated() throws Exception {
        Map<String, String> generated = GeneratedProcesses.files(ComponentBlueprints.production());
        try (var files = Files.list(Path.of("bpmn"))) {
            List<String> handWritten = files.map(p -> "bpmn/" + p.getFileName())
                    .filter(p -> p.startsWith("bpmn/restore-") && !generated.containsKey(p)).toList();
            assertThat(handWritten).as("restore processes without a blueprint").isEmpty();
        }
    }

    @Test
    void generationIsStable() {
        assertThat(GeneratedProcesses.files(ComponentBlueprints.production()))
                .isEqualTo(GeneratedProcesses.files(ComponentBlueprints.production()));
    }
}
