package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * etcd's drill through its v3 JSON gateway: the seeded keys under /lab/seed/ (sha256 as seed.json computes it) and
 * a key the incident writes after the backup. The incident deletes every seeded key and adds that one.
 */
public final class EtcdDrill implements ComponentDrill {

    public static final String ETCD = "http://127.0.0.1:2379";
    public static final String AFTER_BACKUP = "/lab/after-backup";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Lab lab;

    public EtcdDrill(Lab lab) {
        this.lab = lab;
    }

    @Override
    public String component() {
        return "etcd";
    }

    @Override
    public String restoreProcess() {
        return "restore-etcd";
    }

    @Override
    public List<String> servers() {
        return List.of("etcd", "patroni");
    }

    @Override
    public Map<String, String> fingerprint() throws Exception {
        Map<String, String> out = new TreeMap<>();
        out.put("/lab/seed/ sha256", seedSha());
        JsonNode later = etcd("/v3/kv/range", Map.of("key", b64(AFTER_BACKUP)));
        // "absent" is the seeded state (a drill's seeded data may have nothing "missing")
        out.put(AFTER_BACKUP, later.path("count").asInt(0) == 0 ? "absent" : unb64(later.path("kvs").get(0).path("value").asText()));
        return out;
    }

    /** What the fingerprint of the seeded lab is, from seed.json. */
    public Map<String, String> seeded() {
        return Map.of("/lab/seed/ sha256", lab.seed("etcd").path("lab_seed_sha256").asText(), AFTER_BACKUP, "absent");
    }

    @Override
    public void destroy() throws Exception {
        etcd("/v3/kv/deleterange", Map.of("key", b64("/lab/seed/"), "range_end", b64("/lab/seed0")));
        etcd("/v3/kv/put", Map.of("key", b64(AFTER_BACKUP), "value", b64("must vanish")));
    }

    /** The key the incident writes: scripts/lab up reseeds /lab/seed/ but leaves other keys as they are. */
    @Override
    public void clean() throws Exception {
        etcd("/v3/kv/deleterange", Map.of("key", b64(AFTER_BACKUP)));
    }

    /** sha256 over "key=value\n" of every /lab/seed/ key, sorted — as seed.json computes it. */
    public static String seedSha() throws Exception {
        JsonNode r = etcd("/v3/kv/range", Map.of("key", b64("/lab/seed/"), "range_end", b64("/lab/seed0")));
        Map<String, String> kv = new TreeMap<>();
        for (JsonNode n : r.path("kvs")) {
            kv.put(unb64(n.path("key").asText()), unb64(n.path("value").asText()));
        }
        StringBuilder text = new StringBuilder();
        kv.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean healthy() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ETCD + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("true");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static JsonNode etcd(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ETCD + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
