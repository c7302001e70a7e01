package com.logicor.runbook.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import org.camunda.bpm.engine.HistoryService;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.lab.TestData;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore-vault (through the API) and restore-minio (volume) on the lab, after data changed since the backup. */
class RestoreVaultAndMinioIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    static Lab lab;
    static RunbookApp app;
    static JsonNode seed;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.require();
        seed = lab.seed();
        app = new RunbookApp(lab, dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) app.close();
        Lab.reseed();
    }

    @Test
    void vaultSecretsAreBackAsBackedUp() throws Exception {
        BackupRun backup = app.backUp("vault");
        Map<String, String> before = vaultSecrets();
        String token = lab.secretText("vault-token");
        String first = seed.path("vault").path("secrets").get(0).path("api").asText();
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8200" + first)).header("X-Vault-Token", token)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(vaultSecrets()).isNotEqualTo(before);

        String pi = app.startApprovedBy("alice", "bob", "restore-vault", Map.of("backupRunId", backup.id(), "approvalRequired", true));
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_restored");
        assertThat(vaultSecrets()).isEqualTo(before);
        assertThat((String) app.variable(pi, "restoreEvidence")).contains("re-verified").contains(backup.id());
        assertThat(dataDir.resolve("restore-spool")).isEmptyDirectory();
    }

    @Test
    void minioObjectsAreBackAndLaterOnesGone() throws Exception {
        BackupRun backup = app.backUp("minio");
        MinioClient minio = minioClient();
        String bucket = seed.path("minio").path("bucket").asText();
        JsonNode firstObject = seed.path("minio").path("objects").get(0);
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(firstObject.path("key").asText()).build());
        byte[] later = "written after the backup".getBytes();
        String laterKey = "after-backup-" + java.util.UUID.randomUUID() + ".txt";
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(laterKey)
                .stream(new ByteArrayInputStream(later), later.length, -1).build());

        String pi = app.startApprovedBy("alice", "bob", "restore-minio", Map.of("backupRunId", backup.id(),
                "approvalRequired", true, "safetyBackup", true));
        var done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).as(String.valueOf(app.variable(pi, "failure"))).isEqualTo("end_restored");

        // the current state (with the later object) was backed up before the volume was touched
        assertThat(app.variable(pi, "safetyBackupStatus")).isEqualTo("succeeded");
        BackupRun safety = app.bean(BackupCatalog.class).findRun((String) app.variable(pi, "safetyBackupRunId")).orElseThrow();
        assertThat(safety.triggerKind()).isEqualTo("restore-safety");
        assertThat(safety.components()).containsExactly("minio");
        assertThat(app.bean(BackupCatalog.class).artifactsOfRun(safety.id())).isNotEmpty()
                .allMatch(a -> a.status() == ArtifactStatus.VERIFIED);
        HistoryService history = app.bean(HistoryService.class);
        var safetyStep = history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("call_safety_backup").singleResult();
        var firstDestructive = history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("subprocess_restore").singleResult();
        assertThat(safetyStep.getEndTime()).isBeforeOrEqualTo(firstDestructive.getStartTime());
        assertThat(safety.startedAt()).isAfter(backup.finishedAt());

        for (JsonNode o : seed.path("minio").path("objects")) {
            try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(o.path("key").asText()).build())) {
                assertThat(TestData.sha256Of(in)).as(o.path("key").asText()).isEqualTo(o.path("sha256").asText());
            }
        }
        try {
            minio.statObject(StatObjectArgs.builder().bucket(bucket).object(laterKey).build());
            throw new AssertionError(laterKey + " survived the restore");
        } catch (io.minio.errors.ErrorResponseException expected) {
            assertThat(expected.errorResponse().code()).isEqualTo("NoSuchKey");
        }
        Inventory inventory = app.bean(Inventory.class);
        Node node = inventory.component(com.logicor.runbook.inventory.ComponentId.of("minio")).nodes().get(0);
        assertThat(app.bean(DockerEngines.class).inspect(inventory.engine(node.engine()), node.container()).running()).isTrue();
        assertThat((Long) app.variable(pi, "objectsAfterRestore")).isGreaterThanOrEqualTo(seed.path("minio").path("objects").size());
    }

    static Map<String, String> vaultSecrets() throws Exception {
        String token = lab.secretText("vault-token");
        Map<String, String> out = new TreeMap<>();
        for (JsonNode s : seed.path("vault").path("secrets")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8200" + s.path("api").asText()))
                    .header("X-Vault-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            out.put(s.path("api").asText(), r.statusCode() + " " + (r.statusCode() == 200 ? JSON.readTree(r.body()).path("data").path("data").toString() : ""));
        }
        return out;
    }

    static MinioClient minioClient() throws Exception {
        return MinioClient.builder().endpoint(seed.path("minio").path("endpoint").asText()).region("us-east-1")
                .credentials(lab.secretText("minio-access-key"), lab.secretText("minio-secret-key"))
                .build();
    }
}
