package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.RunbookApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore-etcd on the lab: keys deleted and added after the backup, then the cluster is back to the snapshot. */
class RestoreEtcdIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ETCD = "http://127.0.0.1:2379";

    @TempDir
    static Path dataDir;
    static RunbookApp app;
    static Lab lab;
    static JsonNode seed;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.require();
        seed = lab.seed("etcd");
        app = new RunbookApp(lab, dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) app.close();
        Lab.reseed();
    }

    @Test
    void theClusterIsBackToTheSnapshotAndPatroniRunsAgain() throws Exception {
        BackupRun backup = app.backUp("etcd");
        etcd("/v3/kv/deleterange", Map.of("key", b64("/lab/seed/"), "range_end", b64("/lab/seed0")));
        etcd("/v3/kv/put", Map.of("key", b64("/lab/after-backup"), "value", b64("must vanish")));
        assertThat(seedSha()).isNotEqualTo(seed.path("lab_seed_sha256").asText());

        String pi = app.bean(RuntimeService.class).startProcessInstanceByKey("restore-etcd",
                Map.of("backupRunId", backup.id(), "approvalRequired", false)).getId();
        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).as(String.valueOf(app.variable(pi, "failure"))).isEqualTo("end_restored");

        assertThat(seedSha()).isEqualTo(seed.path("lab_seed_sha256").asText());
        assertThat(etcd("/v3/kv/range", Map.of("key", b64("/lab/after-backup"))).path("count").asInt(0)).isZero();
        assertThat(etcd("/v3/kv/range", Map.of("key", b64("/service/logiq/leader"))).path("kvs").get(0).path("value").asText())
                .isEqualTo(b64("patroni"));
        Inventory inventory = app.bean(Inventory.class);
        for (Node n : inventory.component(com.logicor.runbook.inventory.ComponentId.of("postgresql")).nodes()) {
            assertThat(app.bean(DockerEngines.class).inspect(inventory.engine(n.engine()), n.container()).running())
                    .as("Patroni container " + n.container() + " started again").isTrue();
        }
        assertThat((Long) app.variable(pi, "keysAfterRestore")).isEqualTo(seed.path("keys_total").asLong());
    }

    @Test
    void aDryRunListsEveryStepAndStopsNothing() throws Exception {
        BackupRun backup = app.backUp("etcd");
        String before = seedSha();
        String pi = app.bean(RuntimeService.class).startProcessInstanceByKey("restore-etcd",
                Map.of("backupRunId", backup.id(), "dryRun", true)).getId();
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_dry_run");
        assertThat((String) app.variable(pi, "restorePlan")).contains("docker stop --time 30 patroni")
                .contains("docker stop --time 30 etcd").contains("--initial-cluster etcd=http://127.0.0.1:2380")
                .contains("--initial-advertise-peer-urls http://127.0.0.1:2380").contains("snapshot restore")
                .contains("/etcd-data/member");
        assertThat(seedSha()).isEqualTo(before);
        assertThat(etcdHealthy()).isTrue();
    }

    @Test
    void aSnapshotDamagedAfterApprovalFailsTheRestoreAndTheFinallyPathStartsEverythingAgain() throws Exception {
        BackupRun backup = app.backUp("etcd");
        String before = seedSha();
        String pi = app.bean(RuntimeService.class).startProcessInstanceByKey("restore-etcd",
                Map.of("backupRunId", backup.id(), "approvalRequired", true)).getId();
        var tasks = app.bean(org.camunda.bpm.engine.TaskService.class);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        org.camunda.bpm.engine.task.Task approval = null;
        while (approval == null && System.nanoTime() < deadline) {
            approval = tasks.createTaskQuery().processInstanceId(pi).singleResult();
            if (approval == null) Thread.sleep(300);
        }
        assertThat(approval).as("approval task").isNotNull();
        // between preflight and the copy: one byte of the stored snapshot changes
        var snapshot = app.bean(BackupCatalog.class).artifactsOfRun(backup.id()).get(0);
        var s3 = app.bean(com.logicor.runbook.storage.BackupStorage.class).remote().orElseThrow();
        String key = snapshot.remoteLocation().substring(("s3://" + s3.bucket() + "/").length());
        byte[] bytes;
        try (var in = s3.get(key)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 3] ^= 0x20;
        s3.put(key, new java.io.ByteArrayInputStream(bytes), "application/octet-stream");
        app.approveAs("bob", approval.getId(), true);

        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).isEqualTo("end_failed");
        assertThat((String) app.variable(pi, "failure")).contains("Restore every member").contains("sha256");
        assertThat(etcdHealthy()).as("etcd started again").isTrue();
        assertThat(seedSha()).as("the member's old data stayed in place").isEqualTo(before);
        Inventory inventory = app.bean(Inventory.class);
        for (Node n : inventory.component(com.logicor.runbook.inventory.ComponentId.of("postgresql")).nodes()) {
            assertThat(app.bean(DockerEngines.class).inspect(inventory.engine(n.engine()), n.container()).running()).isTrue();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------


    /** sha256 over "key=value\n" of every /lab/seed/ key, sorted — as seed.json computes it. */
    static String seedSha() throws Exception {
        JsonNode r = etcd("/v3/kv/range", Map.of("key", b64("/lab/seed/"), "range_end", b64("/lab/seed0")));
        Map<String, String> kv = new TreeMap<>();
        for (JsonNode n : r.path("kvs")) {
            kv.put(unb64(n.path("key").asText()), unb64(n.path("value").asText()));
        }
        StringBuilder text = new StringBuilder();
        kv.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static boolean etcdHealthy() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ETCD + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("true");
    }

    static JsonNode etcd(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ETCD + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }


}
