package com.logicor.runbook.etcd;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.docker.DockerClients;
import com.logicor.runbook.docker.DockerJavaEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.ssh.SshjHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd snapshot against the lab's live etcd 3.4: taken online while a client keeps reading and writing, stored,
 * read back from S3, checked by the host's etcdctl, restored into a throw-away data dir and served by a
 * throw-away etcd that must hold the seeded keys and the key written just before the backup.
 */
class EtcdSnapshotBackupIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Lab lab;
    BackupTestKit kit;
    DockerClients clients;
    DockerJavaEngines docker;
    EtcdSnapshotBackup backup;
    ComponentSpec etcd;
    final List<StoredArtifact> stored = new ArrayList<>();
    final List<String> keys = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeEach
    void lab() {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        clients = new DockerClients(kit.inventory, new SshjHosts());
        docker = new DockerJavaEngines(clients);
        backup = new EtcdSnapshotBackup(kit.inventory, docker, kit.artifacts);
        etcd = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("etcd"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String key : keys) {
            etcdCall("http://127.0.0.1:2379", "/v3/kv/deleterange", Map.of("key", b64(key)));
        }
        for (StoredArtifact a : stored) {
            if (a.remoteKey() != null) kit.remote().delete(a.remoteKey());
            if (a.localPath() != null) {
                Path local = Path.of(a.localPath());
                Files.deleteIfExists(local);
                Files.deleteIfExists(local.getParent()); // the run's own stamp folder
            }
        }
    }

    @Test
    void snapshotIsTakenOnlineAndIsUsable() throws Exception {
        String endpoint = "http://127.0.0.1:2379";
        String startedAt = containerStartedAt();
        String marker = "/runbook-it/etcd-backup/" + UUID.randomUUID();
        keys.add(marker);
        long markerRevision = etcdCall(endpoint, "/v3/kv/put", Map.of("key", b64(marker), "value", b64("before-backup")))
                .path("header").path("revision").asLong();

        // a Patroni-like client: put + get every ~20 ms for the whole backup, no failure allowed
        String liveKey = "/runbook-it/etcd-online/" + UUID.randomUUID();
        keys.add(liveKey);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ops = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong longestGapNanos = new AtomicLong();
        List<String> failureTexts = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            long last = System.nanoTime();
            int i = 0;
            while (!stop.get()) {
                try {
                    String value = "v" + i++;
                    etcdCall(endpoint, "/v3/kv/put", Map.of("key", b64(liveKey), "value", b64(value)));
                    JsonNode got = etcdCall(endpoint, "/v3/kv/range", Map.of("key", b64(liveKey)));
                    String read = new String(Base64.getDecoder().decode(got.path("kvs").path(0).path("value").asText()),
                            StandardCharsets.UTF_8);
                    if (!read.equals(value)) throw new IllegalStateException("read " + read + " after writing " + value);
                    long now = System.nanoTime();
                    longestGapNanos.accumulateAndGet(now - last, Math::max);
                    last = now;
                    ops.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                    failureTexts.add(String.valueOf(e));
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "etcd-client");
        client.start();
        // the client is working before the backup starts
        await("the etcd client's first operations").atMost(Duration.ofSeconds(30)).until(() -> ops.get() + failures.get() >= 5);
        int opsBefore = ops.get();
        long start = System.nanoTime();
        ComponentBackupResult result;
        try {
            result = backup.run(etcd, kit.newRun("etcd"));
        } finally {
            long backupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // and goes on working after it: a few more operations, then it stops
            int opsAtEnd = ops.get() + failures.get();
            await("the etcd client's operations after the backup").atMost(Duration.ofSeconds(30))
                    .until(() -> ops.get() + failures.get() >= opsAtEnd + 5);
            stop.set(true);
            client.join(5000);
            System.out.printf("etcd backup: %d ms; client ops during it: %d; all ops %d, failures %d, longest gap %d ms%n",
                    backupMillis, ops.get() - opsBefore, ops.get(), failures.get(),
                    TimeUnit.NANOSECONDS.toMillis(longestGapNanos.get()));
        }
        stored.addAll(result.artifacts());

        assertThat(failures.get()).as("etcd client failures during the backup: %s", failureTexts).isZero();
        assertThat(ops.get() - opsBefore).as("client operations while the backup ran").isPositive();
        assertThat(TimeUnit.NANOSECONDS.toMillis(longestGapNanos.get())).as("longest gap between client operations, ms")
                .isLessThan(1000);
        assertThat(containerStartedAt()).as("etcd was never restarted").isEqualTo(startedAt);

        assertThat(result.artifacts()).hasSize(1);
        StoredArtifact artifact = result.artifacts().get(0);
        assertThat(artifact.kind()).isEqualTo("snapshot");
        assertThat(artifact.fileName()).isEqualTo("snapshot.db.zst");
        assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);
        Map<String, Object> m = result.measurements();
        assertThat(m).containsKeys("hash", "revision", "totalKey", "totalSize").containsEntry("node", "etcd");
        assertThat((Long) m.get("revision")).isGreaterThanOrEqualTo(markerRevision);
        System.out.println("etcd measurements: " + m + ", stored " + artifact.size() + " bytes");

        // read back from S3, decompress, and let the host's etcdctl judge it
        Path snapshot = tmp.resolve("snapshot.db");
        try (InputStream in = new ZstdInputStream(kit.remote().get(artifact.remoteKey()))) {
            Files.copy(in, snapshot);
        }
        assertThat(Files.size(snapshot)).isEqualTo(((Number) m.get("snapshotBytes")).longValue());
        JsonNode status = JSON.readTree(run(List.of("/usr/bin/etcdctl", "snapshot", "status", "-w", "json", snapshot.toString())));
        assertThat(status.path("hash").asLong()).isEqualTo(m.get("hash"));
        assertThat(status.path("revision").asLong()).isEqualTo(m.get("revision"));
        assertThat(status.path("totalKey").asLong()).isEqualTo(m.get("totalKey"));
        assertThat(status.path("totalSize").asLong()).isEqualTo(m.get("totalSize"));

        // restore checks the sha256 etcd appends to a snapshot; then a throw-away etcd serves the data
        int client2 = freePort();
        int peer = freePort();
        String peerUrl = "http://127.0.0.1:" + peer;
        String clientUrl = "http://127.0.0.1:" + client2;
        Path dataDir = tmp.resolve("restored");
        run(List.of("/usr/bin/etcdctl", "snapshot", "restore", snapshot.toString(), "--data-dir", dataDir.toString(),
                "--name", "verify", "--initial-cluster", "verify=" + peerUrl, "--initial-advertise-peer-urls", peerUrl));
        Process server = new ProcessBuilder("/usr/bin/etcd", "--name", "verify", "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "verify=" + peerUrl)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("verify-etcd.log").toFile()).start();
        try {
            waitForEtcd(clientUrl);
            JsonNode seeded = etcdCall(clientUrl, "/v3/kv/range",
                    Map.of("key", b64("/lab/seed/"), "range_end", b64("/lab/seed0"), "count_only", true));
            assertThat(seeded.path("count").asLong()).isEqualTo(100);
            JsonNode got = etcdCall(clientUrl, "/v3/kv/range", Map.of("key", b64(marker)));
            assertThat(new String(Base64.getDecoder().decode(got.path("kvs").path(0).path("value").asText()),
                    StandardCharsets.UTF_8)).isEqualTo("before-backup");
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        assertNoTempFilesInContainer();
    }

    @Test
    void takesTheSnapshotFromTheNextMemberWhenTheFirstIsDown() {
        Node live = etcd.nodes().get(0);
        Node dead = Records.with(live, Map.of("name", "etcd-down", "endpoints", Map.of("client", "http://127.0.0.1:1")));
        ComponentBackupResult result = backup.run(withNodes(etcd, List.of(dead, live)), kit.newRun("etcd"));
        stored.addAll(result.artifacts());

        assertThat(result.measurements()).containsEntry("node", live.name());
        assertThat((String) result.measurements().get("skippedMembers")).contains("etcd-down");
        assertThat(result.artifacts().get(0).node()).isEqualTo(live.name());
        assertNoTempFilesInContainer();
    }

    @Test
    void noHealthyMemberIsAClearFailureAndLeavesNothing() {
        Node live = etcd.nodes().get(0);
        Node dead = Records.with(live, Map.of("name", "etcd-down", "endpoints", Map.of("client", "http://127.0.0.1:1")));
        BackupRunContext run = kit.newRun("etcd");
        assertThatThrownBy(() -> backup.run(withNodes(etcd, List.of(dead)), run))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("etcd: no member gave a snapshot: etcd-down: ")
                .hasMessageContaining("127.0.0.1:1");
        assertThat(kit.remote().list(kit.artifacts.remoteKey("etcd", run.stamp(), ""))).isEmpty();
        assertNoTempFilesInContainer();
    }

    private void assertNoTempFilesInContainer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.exec(kit.inventory.engine("docker-1"), "etcd", List.of("ls", "-a", "/tmp"), out, Duration.ofSeconds(30))
                .requireSuccess();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("runbook-etcd-");
    }

    private String containerStartedAt() {
        // docker-java directly: the adapter's inspect does not expose the start time
        return clients.client(kit.inventory.engine("docker-1")).inspectContainerCmd("etcd").exec().getState().getStartedAt();
    }

    static ComponentSpec withNodes(ComponentSpec c, List<Node> nodes) {
        return Records.with(c, "nodes", nodes);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode etcdCall(String endpoint, String path, Map<String, Object> body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static void waitForEtcd(String endpoint) {
        await("restored etcd answers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> etcdCall(endpoint, "/v3/kv/range", Map.of("key", b64("/"))));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a host command (etcd's client variables cleared), returns stdout, fails on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCDCTL_"));
        pb.environment().put("ETCDCTL_API", "3");
        Path err = Files.createTempFile("runbook-it-etcdctl", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out: " + command);
            }
            assertThat(p.exitValue()).as("%s: %s", command, Files.readString(err)).isZero();
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
