package com.logicor.runbook.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.lab.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore-clickhouse on the lab's ClickHouse 18.16 (config: real; the lab backs no data up, so the data half is
 * planned as "not restored" — its commands are tested by text in ClickHouseDataRestoreTest).
 */
class RestoreClickHouseIT {

    static final Path CONFIG = Path.of("/etc/clickhouse-server");
    static final Path STRAY = CONFIG.resolve("config.d/zz-left-by-the-incident.xml");

    @TempDir
    static Path dataDir;
    static Lab lab;
    static RunbookApp app;
    static Map<Path, byte[]> original = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.require();
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) original.put(f, Files.readAllBytes(f));
        }
        app = new RunbookApp(lab, dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) app.close();
        // a failed restore must not leave the lab's ClickHouse with the broken config
        Files.deleteIfExists(STRAY);
        for (var e : original.entrySet()) {
            if (!Files.exists(e.getKey()) || !java.util.Arrays.equals(Files.readAllBytes(e.getKey()), e.getValue())) {
                Files.write(e.getKey(), e.getValue());
            }
        }
        Lab.reseed();
    }

    @Test
    void brokenConfigIsReplacedByTheBackedUpOneAndTheServerAnswersWithItsData() throws Exception {
        Map<String, String> before = configFiles();
        String rowsBefore = seededChecksum();
        BackupRun backup = app.backUp("clickhouse");

        Files.delete(CONFIG.resolve("users.d/runbook-lab.xml")); // the lab's password: without it, no login
        Files.writeString(CONFIG.resolve("config.d/runbook-lab.xml"), "<yandex><!-- broken by the test"); // not even XML
        Files.writeString(STRAY, "<yandex><tcp_port>1</tcp_port></yandex>");
        assertThat(configFiles()).isNotEqualTo(before);

        String pi = app.startApprovedBy("alice", "bob", "restore-clickhouse", Map.of("backupRunId", backup.id(), "approvalRequired", true));
        var done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).as(String.valueOf(app.variable(pi, "failure"))).isEqualTo("end_restored");

        assertThat(configFiles()).as("every file back, nothing the backup did not have").isEqualTo(before);
        assertThat(seededChecksum()).isEqualTo(rowsBefore).isEqualTo(seed().path("checksum").asText());
        assertThat((String) app.variable(pi, "clickhouseServing")).startsWith("clickhouse-1=18.");
        assertThat((String) app.variable(pi, "restoreEvidence")).contains("clickhouse-1-config.tar").contains("re-verified");
        assertThat((String) app.variable(pi, "restorePlan"))
                .contains("lab-service clickhouse-1 stop").contains("find /etc/clickhouse-server/ -mindepth 1 -delete")
                .contains("tar -x -p -C /").contains("SELECT version()")
                .contains("data: not restored — the inventory does not back ClickHouse data up");
    }

    @Test
    void aDryRunPlansAndTouchesNothing() throws Exception {
        BackupRun backup = app.backUp("clickhouse");
        Map<String, String> before = configFiles();
        String pi = app.start("restore-clickhouse", Map.of("backupRunId", backup.id(), "dryRun", true));
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(2)).getEndActivityId()).isEqualTo("end_dry_run");
        assertThat((String) app.variable(pi, "restorePlan")).contains("tar -x -p -C /");
        assertThat(configFiles()).isEqualTo(before);
        assertThat(seededChecksum()).isEqualTo(seed().path("checksum").asText());
    }

    static com.fasterxml.jackson.databind.JsonNode seed() throws Exception {
        return lab.seed("clickhouse");
    }

    static String seededChecksum() throws Exception {
        var ch = lab.inventory().component(com.logicor.runbook.inventory.ComponentId.of("clickhouse"));
        return app.bean(ClickHouseHttp.class).query(ch, ch.nodes().get(0), seed().path("checksum_sql").asText(),
                Duration.ofSeconds(30), java.util.List.of()).strip();
    }

    static Map<String, String> configFiles() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    out.put(CONFIG.relativize(f) + " " + Files.getPosixFilePermissions(f), TestData.sha256Of(in));
                }
            }
        }
        return out;
    }
}
