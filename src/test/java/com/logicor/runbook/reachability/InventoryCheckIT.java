package com.logicor.runbook.reachability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.LabServices;
import com.logicor.runbook.lab.RunbookApp;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code inventory-check} process on the lab, with one server stopped on purpose. */
class InventoryCheckIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().logsOf("vault");
    static RunbookApp app;

    @Test
    void stoppedServerIsReportedFailedAndEverythingElseOk() throws Exception {
        Inventory inventory = app.bean(Inventory.class);
        DockerEngines docker = app.bean(DockerEngines.class);
        var engine = inventory.engine("docker-1");
        docker.stop(engine, "vault", Duration.ofSeconds(10));
        Map<String, Object> report;
        HistoricProcessInstance done;
        try {
            String id = app.bean(RuntimeService.class).startProcessInstanceByKey(InventoryCheckProcess.KEY).getId();
            done = awaitEnd(id, Duration.ofMinutes(2));
            report = reportOf(id);
        } finally {
            docker.start(engine, "vault");
            // the next test (another class, too: VaultRaftSnapshotBackupIT) uses Vault at once: wait until it answers
            // its health check, not only until its port listens
            LabServices.awaitServing(Duration.ofMinutes(1), "vault");
        }
        assertThat(done.getEndActivityId()).isEqualTo(InventoryCheckProcess.END_SOME_UNREACHABLE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
        assertThat(results).filteredOn(r -> Boolean.FALSE.equals(r.get("ok")))
                .as("only the stopped Vault fails")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.get("target")).isEqualTo("vault/vault/http");
                    assertThat((String) r.get("reason")).contains("refused");
                });
        long expected = inventory.hosts().size() + inventory.dockerEngines().size() + 2
                + inventory.components().stream().flatMap(c -> c.nodes().stream()).mapToLong(n -> n.endpoints().size()).sum();
        assertThat(results).hasSize((int) expected);
        assertThat(results).extracting(r -> r.get("kind")).contains("host", "docker-engine", "storage", "endpoint");
        assertThat(results).allSatisfy(r -> assertThat(((Number) r.get("latencyMillis")).longValue()).isNotNegative());
    }

    @Test
    void allUpEndsAllReachable() {
        String id = app.bean(RuntimeService.class).startProcessInstanceByKey(InventoryCheckProcess.KEY).getId();
        HistoricProcessInstance done = awaitEnd(id, Duration.ofMinutes(2));
        assertThat(done.getEndActivityId()).as(String.valueOf(summaryOf(id))).isEqualTo(InventoryCheckProcess.END_ALL_REACHABLE);
    }

    static HistoricProcessInstance awaitEnd(String id, Duration limit) {
        return app.awaitEnd(id, limit);
    }

    static Object summaryOf(String id) {
        HistoricVariableInstance v = app.bean(HistoryService.class).createHistoricVariableInstanceQuery()
                .processInstanceId(id).variableName(InventoryCheckProcess.SUMMARY.name()).singleResult();
        return v == null ? null : v.getValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> reportOf(String id) throws Exception {
        HistoricVariableInstance v = app.bean(HistoryService.class).createHistoricVariableInstanceQuery()
                .processInstanceId(id).variableName(InventoryCheckProcess.REPORT_FILE.name()).disableCustomObjectDeserialization()
                .singleResult();
        assertThat(v).as("report variable").isNotNull();
        FileValue file = (FileValue) v.getTypedValue();
        try (InputStream in = file.getValue()) {
            return new ObjectMapper().readValue(in, Map.class);
        }
    }
}
