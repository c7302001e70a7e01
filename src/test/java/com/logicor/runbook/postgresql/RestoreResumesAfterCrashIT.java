package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.LabServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook is killed (SIGKILL) while restore-postgresql restores a database and started again on the same
 * database: the interrupted step runs again and the restore finishes, with the data back.
 */
class RestoreResumesAfterCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "resume-test-pass";
    static final int BULK_ROWS = 1_500_000;

    static Lab lab;
    static Path lastLog;

    // the lab serving before, reseeded after when a seeded table differs; the app here is the packaged jar, started
    // and killed by the test itself, its log's tail in a failure's output
    @RegisterExtension
    static final LabExtension LAB = LabExtension.labOnly().drill(PostgresqlDrill::new)
            .diagnostics(() -> lastLog == null ? "" : "---- " + lastLog + " ----\n" + LabServices.tail(lastLog, 150));

    @TempDir
    Path dataDir;
    Process app;
    int port;

    @AfterEach
    void cleanUp() throws Exception {
        if (app != null) app.destroyForcibly().waitFor();
        if (lastLog != null && Files.exists(lastLog)) {
            Files.copy(lastLog, Path.of("target/resume-app.log"), StandardCopyOption.REPLACE_EXISTING); // for a failure's post-mortem
        }
        try (Connection c = connect("earth"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS resume_bulk");
        } catch (Exception e) {
            // LabExtension's reseed brings earth back in any case
        }
    }

    @Test
    void aRestoreKilledMidStepFinishesAfterTheRestart() throws Exception {
        // a table big enough that pg_restore of earth takes seconds: the kill lands inside that step
        try (Connection c = connect("earth"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS resume_bulk");
            s.execute("CREATE TABLE resume_bulk AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) AS b "
                    + "FROM generate_series(1, " + BULK_ROWS + ") g");
            s.execute("CREATE INDEX ON resume_bulk (a)");
        }
        String incidentsBefore = scalar("earth", "SELECT count(*) || ' ' || md5(string_agg(id::text || title, ',' ORDER BY id)) FROM incidents");
        start();
        String runId = JSON.readTree(post("/api/backups/runs", "{\"components\":[\"postgresql\"]}").body()).path("runId").asText();
        awaitBackup(runId);
        try (Connection c = connect("earth"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM incidents");
            s.execute("TRUNCATE resume_bulk");
        }

        HttpResponse<String> started = post("/engine-rest/process-definition/key/restore-postgresql/start",
                "{\"variables\":{\"backupRunId\":{\"value\":\"" + runId + "\",\"type\":\"String\"},"
                        + "\"approvalRequired\":{\"value\":false,\"type\":\"Boolean\"},"
                        + "\"databases\":{\"value\":\"earth\",\"type\":\"String\"}}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String pi = JSON.readTree(started.body()).path("id").asText();

        // wait until the database step is running — pg_restore is connected to earth — then kill the JVM with
        // no shutdown at all (engine history only shows a step once its transaction commits)
        await("pg_restore connected to earth").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            failOnIncident(pi);
            return "1".equals(scalar("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_restore' AND datname = 'earth'"));
        });
        app.destroyForcibly().waitFor();

        start(); // same data dir: same H2 database, same engine state
        assertThat(Files.readString(lastLog)).contains("resuming 1 step(s) that were running when the runbook stopped");
        await("the restore finishes after the restart").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode instance = JSON.readTree(get("/engine-rest/history/process-instance/" + pi).body());
            assertThat(instance.path("state").asText()).as(instance.toString()).isIn("ACTIVE", "COMPLETED");
            failOnIncident(pi);
            return "COMPLETED".equals(instance.path("state").asText());
        });
        assertThat(JSON.readTree(get("/engine-rest/history/activity-instance?processInstanceId=" + pi + "&activityId=end_restored").body()))
                .as("ended at end_restored").hasSize(1);
        assertThat(scalar("earth", "SELECT count(*) || ' ' || md5(string_agg(id::text || title, ',' ORDER BY id)) FROM incidents"))
                .isEqualTo(incidentsBefore);
        assertThat(scalar("earth", "SELECT count(*) FROM resume_bulk")).isEqualTo(String.valueOf(BULK_ROWS));
    }

    private void start() throws Exception {
        port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the packaged product (failsafe runs after package), as an operator runs it
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("logicor-runbook-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/logicor-runbook-*.jar: run through mvn verify"));
        }
        app = new ProcessBuilder(java, "-jar", jar.toString(),
                "--server.port=" + port, "--runbook.data-dir=" + dataDir, "--runbook.inventory=" + lab.inventoryFile(),
                "--runbook.admin.password=" + PASSWORD, "--runbook.backup.retry-cycle=R2/PT1S",
                "--runbook.restore.approval-required=false")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("app-" + port + ".log").toFile()).start();
        lastLog = dataDir.resolve("app-" + port + ".log");
        await("the app at port " + port + " is healthy").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!app.isAlive()) {
                Files.copy(lastLog, Path.of("target/resume-app.log"), StandardCopyOption.REPLACE_EXISTING);
                throw new AssertionError("the app exited " + app.exitValue() + ", log in target/resume-app.log: " + tail(lastLog));
            }
            try {
                return get("/actuator/health").statusCode() == 200;
            } catch (IOException notYet) {
                return false; // starting
            }
        });
    }

    private void failOnIncident(String pi) throws Exception {
        JsonNode incidents = JSON.readTree(get("/engine-rest/incident?processInstanceId=" + pi).body());
        if (incidents.isArray() && !incidents.isEmpty()) {
            throw new AssertionError("incident: " + incidents.get(0).path("activityId").asText() + ": " + incidents.get(0).path("incidentMessage").asText());
        }
    }

    private void awaitBackup(String runId) {
        String status = await("backup run " + runId + " ends").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> JSON.readTree(get("/api/backups/runs/" + runId).body()).path("run").path("status").asText(),
                        st -> !st.equals("running"));
        assertThat(status).isEqualTo("succeeded");
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private String scalar(String db, String sql) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection connect(String db) throws Exception {
        Lab l = lab != null ? lab : Lab.require();
        String password = Files.readString(l.secret("postgres-password")).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + db, "postgres", password);
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
