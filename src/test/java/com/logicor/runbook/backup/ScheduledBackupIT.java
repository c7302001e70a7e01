package com.logicor.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.LabServices;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.lab.TestData;
import com.logicor.runbook.schedule.BackupSchedules;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole scheduled-backup process on the lab: all seven components, a failing host, timers, REST. */
class ScheduledBackupIT {

    static final String PASSWORD = RunbookApp.PASSWORD;
    static final List<String> ALL = com.logicor.runbook.component.ComponentBlueprints.production().ids();

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp("--runbook.backup.lock-wait=PT2M").logsOf("ssh-clickhouse-1");
    static Lab lab;
    static RunbookApp runbook;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void context() {
        app = runbook.context;
    }

    static <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    @Test
    void allSevenComponentsAreVerifiedInStorageAndTheManifestMatchesTheCatalog() throws Exception {
        BackupRun run = bean(BackupRuns.class).start(ALL, "api", "it", null);
        HistoricProcessInstance done = awaitEnd(run.processInstanceId(), Duration.ofMinutes(10));
        BackupRun finished = bean(BackupCatalog.class).findRun(run.id()).orElseThrow();
        assertThat(finished.status()).as(finished.message()).isEqualTo("succeeded");
        assertThat(done.getEndActivityId()).isEqualTo(ScheduledBackupProcess.END_SUCCEEDED);

        List<BackupArtifact> artifacts = bean(BackupCatalog.class).artifactsOfRun(run.id());
        Set<String> verifiedComponents = artifacts.stream().filter(a -> a.status() == ArtifactStatus.VERIFIED)
                .map(BackupArtifact::component).collect(Collectors.toSet());
        assertThat(verifiedComponents).containsExactlyInAnyOrderElementsOf(ALL);

        ObjectStorage s3 = bean(BackupStorage.class).remote().orElseThrow();
        String bucketPrefix = "s3://" + s3.bucket() + "/";
        for (BackupArtifact a : artifacts.stream().filter(a -> a.status() == ArtifactStatus.VERIFIED).toList()) {
            String key = a.remoteLocation().substring(bucketPrefix.length());
            assertThat(s3.stat(key)).as(key).get().extracting(ObjectStorage.StoredObject::size).isEqualTo(a.sizeBytes());
            try (InputStream in = s3.get(key)) {
                assertThat(TestData.sha256Of(in)).as("fresh sha256 of " + key).isEqualTo(a.sha256());
            }
            assertThat(Path.of(a.localLocation())).exists();
        }

        String manifestKey = finished.manifestLocation().substring(bucketPrefix.length());
        Map<?, ?> manifest;
        try (InputStream in = s3.get(manifestKey)) {
            manifest = new ObjectMapper().readValue(in, Map.class);
        }
        assertThat(manifest.get("runId")).isEqualTo(run.id());
        assertThat(manifest.get("status")).isEqualTo("succeeded");
        List<?> listed = (List<?>) manifest.get("artifacts");
        assertThat(listed).hasSize(artifacts.size());
        Map<String, String> catalogSha = artifacts.stream().filter(a -> a.sha256() != null)
                .collect(Collectors.toMap(BackupArtifact::id, BackupArtifact::sha256));
        for (Object o : listed) {
            Map<?, ?> entry = (Map<?, ?>) o;
            if (entry.get("sha256") != null) {
                assertThat(entry.get("sha256")).isEqualTo(catalogSha.get((String) entry.get("id")));
            }
        }
    }

    @Test
    void withTheClickHouseHostDownTheRunIsPartialWithAnIncidentAndTheOthersAreVerified() throws Exception {
        Path pidFile = lab.dir().resolve("run/sshd-clickhouse-1.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        try {
            awaitPortClosed(2221, Duration.ofSeconds(10));
            BackupRun run = bean(BackupRuns.class).start(ALL, "api", "it", null);
            awaitEnd(run.processInstanceId(), Duration.ofMinutes(10));
            BackupRun finished = bean(BackupCatalog.class).findRun(run.id()).orElseThrow();
            assertThat(finished.status()).isEqualTo("partial");
            assertThat(finished.message()).contains("clickhouse");

            List<HistoricIncident> incidents = bean(HistoryService.class).createHistoricIncidentQuery()
                    .processInstanceId(run.processInstanceId()).incidentType(ScheduledBackupProcess.INCIDENT_TYPE).list();
            assertThat(incidents).singleElement().satisfies(i -> {
                assertThat(i.getConfiguration()).isEqualTo("clickhouse");
                assertThat(i.getIncidentMessage()).contains("clickhouse").containsIgnoringCase("refused");
            });
            List<BackupArtifact> artifacts = bean(BackupCatalog.class).artifactsOfRun(run.id());
            Set<String> verified = artifacts.stream().filter(a -> a.status() == ArtifactStatus.VERIFIED)
                    .map(BackupArtifact::component).collect(Collectors.toSet());
            assertThat(verified).containsExactlyInAnyOrderElementsOf(ALL.stream().filter(c -> !c.equals("clickhouse")).toList());
        } finally {
            Lab.reseed();
        }
    }

    @Test
    void schedulesComeFromTheInventoryPauseWithoutRedeployAndFireARun() throws Exception {
        BackupSchedules schedules = bean(BackupSchedules.class);
        assertThat(schedules.list()).extracting(s -> s.component() + "/" + s.name())
                .contains("etcd/snapshot", "clickhouse/config", "clickhouse/data", "keeper/daily", "vault/daily");
        assertThat(schedules.list()).allSatisfy(s -> {
            assertThat(s.enabled()).isTrue();
            assertThat(s.nextRun()).isInTheFuture();
        });
        long deployments = bean(RepositoryService.class).createDeploymentQuery().count();
        assertThat(schedules.setEnabled("etcd", "snapshot", false).enabled()).isFalse();
        assertThat(schedules.timerJob("etcd", "snapshot").isSuspended()).isTrue();
        assertThat(schedules.setEnabled("etcd", "snapshot", true).enabled()).isTrue();
        assertThat(bean(RepositoryService.class).createDeploymentQuery().count()).isEqualTo(deployments);

        // the timer fires now instead of at 04:30: a vault run starts and succeeds
        String timerJob = schedules.timerJob("vault", "daily").getId();
        bean(ManagementService.class).executeJob(timerJob);
        BackupRun run = bean(BackupCatalog.class).findArtifacts(new com.logicor.runbook.catalog.ArtifactQuery(
                "vault", null, null, null, 0, 1)).items().stream().findFirst()
                .flatMap(a -> bean(BackupCatalog.class).findRun(a.runId())).orElse(null);
        HistoricProcessInstance started = bean(HistoryService.class).createHistoricProcessInstanceQuery()
                .processDefinitionKey(ScheduledBackupProcess.KEY).variableValueEquals("triggerKind", "schedule")
                .orderByProcessInstanceStartTime().desc().list().get(0);
        awaitEnd(started.getId(), Duration.ofMinutes(5));
        String runId = (String) bean(HistoryService.class).createHistoricVariableInstanceQuery()
                .processInstanceId(started.getId()).variableName(ScheduledBackupProcess.RUN_ID.name()).singleResult().getValue();
        BackupRun scheduled = bean(BackupCatalog.class).findRun(runId).orElseThrow();
        assertThat(scheduled.triggerKind()).isEqualTo("schedule");
        assertThat(scheduled.components()).containsExactly("vault");
        assertThat(scheduled.status()).isEqualTo("succeeded");
        assertThat(run == null || !run.id().equals(runId)).isTrue();
    }

    @Test
    void restStartsARunAndRefusesUnknownComponents() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpResponse<String> ok = post(port, "{\"components\":[\"ansible\"]}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        Map<?, ?> body = new ObjectMapper().readValue(ok.body(), Map.class);
        String runId = (String) body.get("runId");
        assertThat(runId).isNotBlank();
        awaitEnd((String) body.get("processInstanceId"), Duration.ofMinutes(5));
        assertThat(bean(BackupCatalog.class).findRun(runId).orElseThrow().status()).isEqualTo("succeeded");

        HttpResponse<String> bad = post(port, "{\"components\":[\"kafka\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("components must be among: keeper, clickhouse").doesNotContain("kafka"); // never echoed
    }

    static HttpResponse<String> post(int port, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/backups/runs"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The end of a run, incidents or not (a failing host's backup ends in one, on purpose). */
    static HistoricProcessInstance awaitEnd(String id, Duration limit) {
        return await("process " + id + " ends").atMost(limit).pollInterval(Duration.ofMillis(500))
                .until(() -> bean(HistoryService.class).createHistoricProcessInstanceQuery().processInstanceId(id).singleResult(),
                        pi -> pi != null && pi.getEndTime() != null);
    }

    static void awaitPortClosed(int port, Duration limit) {
        await("port " + port + " refuses connections").atMost(limit).pollInterval(Duration.ofMillis(100))
                .until(() -> !LabServices.listens(port));
    }
}
