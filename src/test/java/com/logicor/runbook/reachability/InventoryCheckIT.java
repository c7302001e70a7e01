package com.logicor.runbook.reachability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.lab.Lab;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code inventory-check} process on the lab, with one server stopped on purpose. */
class InventoryCheckIT {

    @TempDir
    static Path dataDir;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        Lab lab = Lab.require();
        app = new SpringApplicationBuilder(com.logicor.runbook.RunbookApplication.class).run(
                "--server.port=0", "--runbook.data-dir=" + dataDir, "--runbook.inventory=" + lab.inventoryFile(),
                "--runbook.admin.password=inventory-check-test");
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    @Test
    void stoppedServerIsReportedFailedAndEverythingElseOk() throws Exception {
        Inventory inventory = app.getBean(Inventory.class);
        DockerEngines docker = app.getBean(DockerEngines.class);
        var engine = inventory.engine("docker-1");
        docker.stop(engine, "vault", Duration.ofSeconds(10));
        Map<String, Object> report;
        HistoricProcessInstance done;
        try {
            String id = app.getBean(RuntimeService.class).startProcessInstanceByKey(InventoryCheckProcess.KEY).getId();
            done = awaitEnd(id, Duration.ofMinutes(2));
            report = reportOf(id);
        } finally {
            docker.start(engine, "vault");
            Lab.awaitPort(java.net.URI.create(Lab.require().inventory().component(com.logicor.runbook.inventory.ComponentId.of("vault"))
                    .nodes().get(0).endpoints().get("http")).getPort(), Duration.ofSeconds(30)); // the next test uses Vault at once
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
        String id = app.getBean(RuntimeService.class).startProcessInstanceByKey(InventoryCheckProcess.KEY).getId();
        HistoricProcessInstance done = awaitEnd(id, Duration.ofMinutes(2));
        assertThat(done.getEndActivityId()).as(String.valueOf(summaryOf(id))).isEqualTo(InventoryCheckProcess.END_ALL_REACHABLE);
    }

    static HistoricProcessInstance awaitEnd(String id, Duration limit) {
        HistoryService history = app.getBean(HistoryService.class);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            HistoricProcessInstance pi = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
            if (pi != null && pi.getEndTime() != null) return pi;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("process " + id + " did not end within " + limit);
    }

    static Object summaryOf(String id) {
        HistoricVariableInstance v = app.getBean(HistoryService.class).createHistoricVariableInstanceQuery()
                .processInstanceId(id).variableName(InventoryCheckProcess.SUMMARY.name()).singleResult();
        return v == null ? null : v.getValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> reportOf(String id) throws Exception {
        HistoricVariableInstance v = app.getBean(HistoryService.class).createHistoricVariableInstanceQuery()
                .processInstanceId(id).variableName(InventoryCheckProcess.REPORT_FILE.name()).disableCustomObjectDeserialization()
                .singleResult();
        assertThat(v).as("report variable").isNotNull();
        FileValue file = (FileValue) v.getTypedValue();
        try (InputStream in = file.getValue()) {
            return new ObjectMapper().readValue(in, Map.class);
        }
    }
}
