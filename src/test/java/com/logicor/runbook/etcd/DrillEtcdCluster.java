package com.logicor.runbook.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A scratch three-member etcd 3.4 cluster for node-loss drills, apart from the lab's one-member etcd: podman
 * containers {@code drill-etcd-1..3} made like the lab's {@code etcd} container (base image, host {@code /usr}
 * read-only, host network, a named volume at {@code /etcd-data}, etcd as the main process started with
 * {@code --initial-cluster-state new}), listening on 127.0.0.1 only (client 2379N, peer 2380N). The product
 * reaches them through podman's Docker API exactly as it reaches production members. Leftovers of an earlier
 * run are removed first; {@link #close()} removes containers and volumes.
 */
final class DrillEtcdCluster implements AutoCloseable {

    static final String IMAGE = "localhost/runbook-lab-base:latest";
    static final String PREFIX = "drill-etcd-";
    static final String SEED_PREFIX = "/drill/";
    static final int MEMBERS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path logs;

    private DrillEtcdCluster(Path logs) {
        this.logs = logs;
    }

    static String name(int i) {
        return PREFIX + i;
    }

    static String volume(int i) {
        return PREFIX + i + "-data";
    }

    static String client(int i) {
        return "http://127.0.0.1:2379" + i;
    }

    static String peer(int i) {
        return "http://127.0.0.1:2380" + i;
    }

    static DrillEtcdCluster start(Path logs) throws Exception {
        DrillEtcdCluster cluster = new DrillEtcdCluster(logs);
        cluster.removeAll();
        StringBuilder initial = new StringBuilder();
        for (int i = 1; i <= MEMBERS; i++) initial.append(i > 1 ? "," : "").append(name(i)).append('=').append(peer(i));
        for (int i = 1; i <= MEMBERS; i++) {
            podman("volume", "create", "--label", "runbook-drill=etcd", volume(i));
            String entry = "mkdir -p /etcd-data && chmod 700 /etcd-data && exec /usr/bin/etcd --name " + name(i)
                    + " --data-dir /etcd-data --listen-client-urls " + client(i) + " --advertise-client-urls " + client(i)
                    + " --listen-peer-urls " + peer(i) + " --initial-advertise-peer-urls " + peer(i)
                    + " --initial-cluster " + initial + " --initial-cluster-token drill-etcd --initial-cluster-state new"
                    + " --logger zap --log-outputs stderr";
            podman("run", "-d", "--name", name(i), "--label", "runbook-drill=etcd", "--network", "host", "--stop-timeout", "30",
                    "--log-driver", "k8s-file", "--log-opt", "path=" + logs.resolve(name(i) + ".log"),
                    "-v", "/usr:/usr:ro", "-v", "/lib:/lib:ro", "-v", "/lib64:/lib64:ro", "-v", volume(i) + ":/etcd-data",
                    "-e", "ETCDCTL_API=3", "-e", "ETCDCTL_ENDPOINTS=" + client(i), IMAGE, "sh", "-c", entry);
        }
        cluster.awaitHealthy(Duration.ofMinutes(1));
        return cluster;
    }

    /** The lab's inventory with its etcd component replaced by the three drill members. */
    Path inventory(Path labInventory, Path out) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(labInventory.toFile());
        String engine = null;
        for (JsonNode c : root.path("components")) {
            // the drill must never be disturbed by a backup timer of the copied schedules
            ((ObjectNode) c).remove("schedules");
            if (c.path("id").asText().equals("etcd")) engine = c.path("nodes").get(0).path("engine").asText();
        }
        for (JsonNode c : root.path("components")) {
            if (!c.path("id").asText().equals("etcd")) continue;
            ArrayNode nodes = ((ObjectNode) c).putArray("nodes");
            for (int i = 1; i <= MEMBERS; i++) {
                ObjectNode n = nodes.addObject();
                n.put("name", name(i)).put("engine", engine).put("container", name(i)).put("volume", volume(i));
                n.putObject("endpoints").put("client", client(i)).put("peer", peer(i));
            }
        }
        yaml.writeValue(out.toFile(), root);
        return out;
    }

    /** Puts {@code count} keys under /drill/ through member 1; returns the digest {@link #digest(int)} gives. */
    String seed(int count) throws Exception {
        for (int k = 0; k < count; k++) {
            String key = SEED_PREFIX + String.format("key-%03d", k);
            post(client(1), "/v3/kv/put", Map.of("key", b64(key), "value", b64("value " + k + " " + "x".repeat(k))));
        }
        return digest(1);
    }

    /** sha256 over "key=value\n" of every /drill/ key as member {@code i} holds it (serializable: its own store). */
    String digest(int i) throws Exception {
        JsonNode r = post(client(i), "/v3/kv/range", Map.of("key", b64(SEED_PREFIX), "range_end", b64("/drill0"), "serializable", true));
        Map<String, String> kv = new TreeMap<>();
        for (JsonNode n : r.path("kvs")) kv.put(unb64(n.path("key").asText()), unb64(n.path("value").asText()));
        StringBuilder text = new StringBuilder();
        kv.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return kv.size() + " keys, sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Member name → ID, as member 1 lists them (an unstarted member under its peer URL). */
    Map<String, String> memberIds() throws Exception {
        Map<String, String> ids = new TreeMap<>();
        for (EtcdMember m : EtcdMember.parseList(post(client(1), "/v3/cluster/member/list", Map.of()).toString())) {
            ids.put(m.started() ? m.name() : String.join(",", m.peerUrls()), m.id());
        }
        return ids;
    }

    boolean healthy(int i) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(client(i) + "/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean running(int i) throws Exception {
        return podman("inspect", "--format", "{{.State.Running}}", name(i)).strip().equals("true");
    }

    void stop(int i) throws Exception {
        podman("stop", "-t", "30", name(i));
    }

    /** A member lost with its disk: its container stopped and its data gone. */
    void lose(int i) throws Exception {
        stop(i);
        podman("run", "--rm", "-v", volume(i) + ":/v", IMAGE, "sh", "-c", "rm -rf /v/member");
    }

    /** Every member's container started and every member healthy (the state each test begins with). */
    void ensureUp() throws Exception {
        for (int i = 1; i <= MEMBERS; i++) if (!running(i)) podman("start", name(i));
        awaitHealthy(Duration.ofMinutes(1));
    }

    void awaitHealthy(Duration limit) {
        for (int i = 1; i <= MEMBERS; i++) {
            int member = i;
            try {
                org.awaitility.Awaitility.await("drill member " + member + " healthy").atMost(limit)
                        .pollInterval(Duration.ofMillis(300)).until(() -> healthy(member));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "\n" + logTail(member), e);
            }
        }
    }

    /** Every member's log tail, for a failed test's output. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= MEMBERS; i++) out.append("---- ").append(name(i)).append(" ----\n").append(logTail(i)).append('\n');
        return out.toString();
    }

    /** The end of a member's log, for failure messages. */
    String logTail(int i) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name(i) + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        removeAll();
    }

    private void removeAll() throws Exception {
        for (int i = 1; i <= MEMBERS; i++) {
            podmanTolerant("rm", "-f", "-t", "0", name(i));
            // the product's one-shot helpers on a member's volume (e.g. a join left running by a failed test)
            for (String id : podman("ps", "-a", "-q", "--filter", "volume=" + volume(i)).strip().split("\\s+")) {
                if (!id.isBlank()) podmanTolerant("rm", "-f", "-t", "0", id);
            }
            podmanTolerant("volume", "rm", "-f", volume(i));
        }
    }

    private static JsonNode post(String endpoint, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError(endpoint + path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static String podman(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 2 min");
        }
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        return out;
    }

    private static void podmanTolerant(String... args) {
        try {
            podman(args);
        } catch (Exception | AssertionError absent) {
            // nothing to remove
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
