package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

/** restore-postgresql on the lab's PostgreSQL: real restore after approval, dry run, damaged artifact. */
class RestorePostgresqlIT {

    static final String PASSWORD = RunbookApp.PASSWORD;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static RunbookApp app;
    static Lab lab;
    static JsonNode seed;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.require();
        seed = lab.seed("postgresql");
        app = new RunbookApp(lab, dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) app.close();
        // a failed destructive test must not leave the lab without its seeded data for the other tests
        Map<String, String> seeded = new TreeMap<>();
        seed.path("databases").fields().forEachRemaining(db -> db.getValue().path("tables").fields()
                .forEachRemaining(t -> seeded.put(db.getKey() + "." + t.getKey(), t.getValue().path("checksum").asText())));
        if (!checksums().equals(seeded)) {
            Lab.reseed();
        }
    }

    @Test
    void droppedAndEmptiedDatabasesComeBackAfterApproval() throws Exception {
        Map<String, String> before = checksums();
        BackupRun backup = app.backUp("postgresql");
        try (Connection admin = connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE grafana WITH (FORCE)");
        }
        try (Connection earth = connect("earth"); Statement s = earth.createStatement()) {
            s.execute("DELETE FROM incidents");
        }

        String pi = startOverRest(Map.of("backupRunId", backup.id(), "approvalRequired", true));
        Task approval = app.awaitTask(pi, Duration.ofMinutes(3));
        assertThat(approval.getTaskDefinitionKey()).isEqualTo("task_approve_restore");
        Map<String, Object> shown = app.bean(TaskService.class).getVariables(approval.getId());
        assertThat((String) shown.get("restoreEvidence")).contains("earth.dump").contains("re-verified").contains(backup.id());
        assertThat((String) shown.get("restorePlan")).contains("pg_restore").contains("dropdb");
        app.approveAs("bob", approval.getId(), true);

        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).isEqualTo("end_restored");
        assertThat(checksums()).isEqualTo(before);
        assertThat(app.bean(BackupCatalog.class).isHeld(app.bean(BackupCatalog.class).artifactsOfRun(backup.id()).get(0).id()))
                .as("holds released at the end").isFalse();
    }

    @Test
    void aDryRunRecordsEveryStepAndTouchesNothing() throws Exception {
        BackupRun backup = app.backUp("postgresql");
        Map<String, String> before = checksums();
        String pi = startOverRest(Map.of("backupRunId", backup.id(), "dryRun", true));
        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(3));
        assertThat(done.getEndActivityId()).isEqualTo("end_dry_run");
        String plan = (String) app.bean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(pi)
                .variableName("restorePlan").singleResult().getValue();
        assertThat(plan).contains("globals.sql").contains("dropdb -U postgres --if-exists --force earth")
                .contains("pg_restore -U postgres --create --exit-on-error -d postgres").contains("grafana.dump")
                .contains("rm -rf");
        assertThat(checksums()).isEqualTo(before);
    }

    @Test
    void aFlippedByteStopsTheRestoreBeforeAnyTargetIsTouched() throws Exception {
        BackupRun backup = app.backUp("postgresql");
        BackupArtifact earthDump = app.bean(BackupCatalog.class).artifactsOfRun(backup.id()).stream()
                .filter(a -> a.remoteLocation() != null && a.remoteLocation().contains("/earth.dump")).findFirst().orElseThrow();
        ObjectStorage s3 = app.bean(BackupStorage.class).remote().orElseThrow();
        String key = earthDump.remoteLocation().substring(("s3://" + s3.bucket() + "/").length());
        byte[] bytes;
        try (InputStream in = s3.get(key)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x01;
        s3.put(key, new ByteArrayInputStream(bytes), "application/octet-stream");
        Map<String, String> before = checksums();

        String pi = startOverRest(Map.of("backupRunId", backup.id(), "approvalRequired", false));
        Incident incident = awaitIncident(pi, Duration.ofMinutes(3));
        assertThat(incident.getActivityId()).isEqualTo("service_preflight");
        assertThat(incident.getIncidentMessage()).contains("damaged").contains(earthDump.id()).contains("sha256");
        assertThat(checksums()).isEqualTo(before);
        app.bean(RuntimeService.class).deleteProcessInstance(pi, "test done");
    }

    // ---- helpers ----------------------------------------------------------------------------------------



    /** Every seeded table's checksum (seed.json), per database.table. */
    static Map<String, String> checksums() throws Exception {
        Map<String, String> sums = new TreeMap<>();
        for (var db : (Iterable<Map.Entry<String, JsonNode>>) () -> seed.path("databases").fields()) {
            try (Connection c = connect(db.getKey()); Statement s = c.createStatement()) {
                for (var table : (Iterable<Map.Entry<String, JsonNode>>) () -> db.getValue().path("tables").fields()) {
                    try (ResultSet rs = s.executeQuery(table.getValue().path("checksum_sql").asText())) {
                        rs.next();
                        sums.put(db.getKey() + "." + table.getKey(), rs.getString(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                sums.put(db.getKey(), "unreadable: " + e.getMessage());
            }
        }
        return sums;
    }

    static Connection connect(String db) throws Exception {
        String password = lab.secretText("postgres-password");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + db, "postgres", password);
    }

    static String startOverRest(Map<String, Object> variables) throws Exception {
        HttpResponse<String> r = rest("/engine-rest/process-definition/key/" + "restore-postgresql" + "/start",
                Map.of("variables", typed(variables)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("id").asText();
    }

    static void completeOverRest(String taskId, Map<String, Object> variables) throws Exception {
        HttpResponse<String> r = rest("/engine-rest/task/" + taskId + "/complete", Map.of("variables", typed(variables)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    static Map<String, Object> typed(Map<String, Object> variables) {
        Map<String, Object> out = new TreeMap<>();
        variables.forEach((k, v) -> out.put(k, Map.of("value", v, "type", v instanceof Boolean ? "Boolean" : "String")));
        return out;
    }

    static HttpResponse<String> rest(String path, Object body) throws Exception {
        int port = ((WebServerApplicationContext) app.context).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }


    static Incident awaitIncident(String pi, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Incident i = app.bean(RuntimeService.class).createIncidentQuery().processInstanceId(pi).singleResult();
            if (i != null) return i;
            Thread.sleep(300);
        }
        throw new AssertionError("no incident in " + pi + " within " + limit);
    }


}
