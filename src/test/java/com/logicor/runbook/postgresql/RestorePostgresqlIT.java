package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.lab.Drill;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Inventory;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** restore-postgresql on the lab's PostgreSQL: real restore after approval, dry run, damaged artifact. */
class RestorePostgresqlIT {

    static final String PASSWORD = RunbookApp.PASSWORD;
    static final ObjectMapper JSON = new ObjectMapper();
    /** A database the inventory does not list, with a name the old check refused. */
    static final String UNLISTED = "склад";

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(PostgresqlDrill::new);
    static RunbookApp app;
    static PostgresqlDrill postgresql;

    @Test
    void droppedAndEmptiedDatabasesComeBackAfterApproval() throws Exception {
        Drill drill = Drill.of(app, postgresql).seeded().backedUp().destroyed();
        BackupRun backup = drill.backup();

        String pi = startOverRest(Map.of("backupRunId", backup.id(), "approvalRequired", true));
        Task approval = app.awaitTask(pi, Duration.ofMinutes(3));
        assertThat(approval.getTaskDefinitionKey()).isEqualTo("task_approve_restore");
        Map<String, Object> shown = app.bean(TaskService.class).getVariables(approval.getId());
        assertThat((String) shown.get("restoreEvidence")).contains("earth.dump").contains("re-verified").contains(backup.id());
        assertThat((String) shown.get("restorePlan")).contains("pg_restore").contains("dropdb");
        app.approveAs("bob", approval.getId(), true);

        drill.restoredBy(pi).verified(); // every seeded table's checksum as before the backup
        assertThat(app.bean(BackupCatalog.class).isHeld(app.bean(BackupCatalog.class).artifactsOfRun(backup.id()).get(0).id()))
                .as("holds released at the end").isFalse();
    }

    /**
     * Issue 10's drill: a database created after the inventory was written (named {@code склад}, not in the inventory)
     * gets its own dump and a census entry, comes back with every row after it is dropped, and the recovery's
     * verification fails naming it while it is missing.
     */
    @Test
    void aDatabaseTheInventoryDoesNotListIsBackedUpRestoredAndVerified() throws Exception {
        int rows = 300_000;
        try (Connection admin = postgresql.connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + UNLISTED + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + UNLISTED + "\"");
        }
        try {
            try (Connection c = postgresql.connect(UNLISTED); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE товары (id bigint PRIMARY KEY, name text NOT NULL)");
                s.execute("INSERT INTO товары SELECT g, 'товар ' || g FROM generate_series(1, " + rows + ") g");
                s.execute("CREATE TABLE \"пустая таблица\" (x int)");
            }
            BackupRun backup = app.backUp("postgresql");
            BackupCatalog catalog = app.bean(BackupCatalog.class);
            assertThat(catalog.artifactsOfRun(backup.id())).as("its own dump, recorded with its database")
                    .filteredOn(a -> a.kind().equals("dump") && UNLISTED.equals(a.database())).hasSize(1);
            String details = catalog.outcomesOfRun(backup.id()).get("postgresql").details();
            var census = JSON.readTree(details).path("measurements").path("census");
            assertThat(census.path(UNLISTED).path("public.товары").asLong()).isEqualTo(rows);
            assertThat(census.path(UNLISTED).has("public.пустая таблица")).isTrue();
            assertThat(census.path("earth").size()).isPositive();

            ComponentSpec spec = app.bean(Inventory.class).component(PostgresBlueprint.ID);
            PostgresRunbook runbook = app.bean(PostgresRunbook.class);
            assertThat(runbook.verify(spec, backup.id())).contains(UNLISTED + " 2 tables " + rows + " rows");

            try (Connection admin = postgresql.connect("postgres"); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE \"" + UNLISTED + "\" WITH (FORCE)");
            }
            assertThatThrownBy(() -> runbook.verify(spec, backup.id())).as("the verification sees the loss")
                    .hasMessageContaining("database " + UNLISTED + " is missing").hasMessageContaining(backup.id());
            assertThat(runbook.verify(spec, null)).as("the inventory alone does not know it").doesNotContain(UNLISTED);

            String pi = startOverRest(Map.of("backupRunId", backup.id(), "approvalRequired", false));
            HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(5));
            assertThat(done.getEndActivityId()).as("restore failed: " + app.variable(pi, "failure")).isEqualTo("end_restored");
            try (Connection c = postgresql.connect(UNLISTED); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM товары")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(rows);
                assertThat(rs.getLong(2)).isEqualTo((long) rows * (rows + 1) / 2);
            }
            assertThat(runbook.verify(spec, backup.id())).contains(UNLISTED + " 2 tables " + rows + " rows")
                    .contains("census of backup run " + backup.id());
        } finally {
            try (Connection admin = postgresql.connect("postgres"); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + UNLISTED + "\" WITH (FORCE)");
            }
        }
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
        // the local copy too: with one intact copy the restore would use it (RestoreFallbackIT)
        java.nio.file.Path localFile = java.nio.file.Path.of(earthDump.localLocation());
        byte[] local = java.nio.file.Files.readAllBytes(localFile);
        local[local.length / 2] ^= 0x01;
        java.nio.file.Files.write(localFile, local);
        Map<String, String> before = checksums();

        String pi = startOverRest(Map.of("backupRunId", backup.id(), "approvalRequired", false));
        Incident incident = app.awaitIncident(pi, Duration.ofMinutes(3));
        assertThat(incident.getActivityId()).isEqualTo("service_preflight");
        assertThat(incident.getIncidentMessage()).contains(earthDump.id()).contains("no copy passed its check")
                .contains("S3 copy damaged (sha256 mismatch)").contains("local copy damaged (sha256 mismatch)");
        assertThat(checksums()).isEqualTo(before);
        app.bean(RuntimeService.class).deleteProcessInstance(pi, "test done");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static Map<String, String> checksums() throws Exception {
        return postgresql.fingerprint();
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
        int port = app.port();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
