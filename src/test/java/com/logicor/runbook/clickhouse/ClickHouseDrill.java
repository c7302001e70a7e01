package com.logicor.runbook.clickhouse;

import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabServices;
import com.logicor.runbook.lab.TestData;
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
import java.util.TreeMap;

/**
 * ClickHouse's drill: the server's config folder (every file, its mode and sha256) and the seeded table's checksum
 * through SQL. The incident removes the lab's password file (no login), breaks a config file and leaves a stray one.
 * The lab backs no ClickHouse data up: the rows must survive the config restore. {@link #clean()} puts the config
 * back from memory, which {@code scripts/lab up} does not.
 */
public final class ClickHouseDrill implements ComponentDrill {

    public static final Path CONFIG = Path.of("/etc/clickhouse-server");
    public static final Path STRAY = CONFIG.resolve("config.d/zz-left-by-the-incident.xml");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Lab lab;
    private final Map<Path, byte[]> original = new TreeMap<>();

    public ClickHouseDrill(Lab lab) {
        this.lab = lab;
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) original.put(f, Files.readAllBytes(f));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String component() {
        return "clickhouse";
    }

    @Override
    public String restoreProcess() {
        return "restore-clickhouse";
    }

    @Override
    public List<String> servers() {
        return List.of("clickhouse-1");
    }

    @Override
    public Map<String, String> fingerprint() throws Exception {
        Map<String, String> out = new TreeMap<>(configFiles());
        out.put("rows " + lab.seed("clickhouse").path("checksum_sql").asText(), seededChecksum());
        return out;
    }

    /** Every file of the config folder: "relative/path permissions" → sha256. */
    public static Map<String, String> configFiles() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    out.put("config " + CONFIG.relativize(f) + " " + Files.getPosixFilePermissions(f), TestData.sha256Of(in));
                }
            }
        }
        return out;
    }

    /** The seeded table's checksum by SQL over HTTP ("unreadable: …" when the server refuses or is down). */
    public String seededChecksum() throws Exception {
        String password = lab.secretText("clickhouse-password");
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8123/"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("default:" + password).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(lab.seed("clickhouse").path("checksum_sql").asText())).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : "unreadable: HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return "unreadable: " + e;
        }
    }

    @Override
    public void destroy() throws Exception {
        Files.delete(CONFIG.resolve("users.d/runbook-lab.xml")); // the lab's password: without it, no login
        Files.writeString(CONFIG.resolve("config.d/runbook-lab.xml"), "<yandex><!-- broken by the drill"); // not even XML
        Files.writeString(STRAY, "<yandex><tcp_port>1</tcp_port></yandex>");
    }

    /** The config as it was when the drill was made: a failed restore must not leave the lab's ClickHouse broken. */
    @Override
    public void clean() throws Exception {
        boolean changed = Files.deleteIfExists(STRAY);
        for (var e : original.entrySet()) {
            if (!Files.exists(e.getKey()) || !Arrays.equals(Files.readAllBytes(e.getKey()), e.getValue())) {
                Files.createDirectories(e.getKey().getParent());
                Files.write(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (!changed) return;
        // the server reads its config at its start: started again, and waited for until the lab's login works
        // (scripts/lab up, which reseeds next, logs in)
        LabServices.labService(lab, "clickhouse-1", "restart");
        org.awaitility.Awaitility.await("clickhouse-1 accepts the lab's login again").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(300)).until(() -> !seededChecksum().startsWith("unreadable"));
    }
}
