package com.logicor.runbook.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
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

/** restore-keeper on the lab's three Keeper nodes: damaged config and coordination back, quorum again. */
class RestoreKeeperIT {

    @TempDir
    static Path dataDir;
    static Lab lab;
    static RunbookApp app;
    static JsonNode seed;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.require();
        seed = lab.seed("keeper");
        app = new RunbookApp(lab, dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) app.close();
        Lab.reseed();
    }

    @Test
    void everyNodeGetsItsConfigAndCoordinationBackAndTheQuorumRuns() throws Exception {
        Map<String, String> before = seededFiles();
        assertThat(before).isNotEmpty().doesNotContainValue("missing");
        BackupRun backup = app.backUp("keeper");
        for (var node : (Iterable<Map.Entry<String, JsonNode>>) seed::fields) {
            Path root = lab.dir().resolve(node.getKey());
            for (var file : (Iterable<String>) () -> node.getValue().path("files").fieldNames()) {
                Files.deleteIfExists(root.resolve(file));
            }
            for (var file : (Iterable<String>) () -> node.getValue().path("config_sha256").fieldNames()) {
                Files.writeString(root.resolve(file), "<clickhouse><!-- broken by the test --></clickhouse>");
            }
        }
        assertThat(seededFiles()).isNotEqualTo(before);

        String pi = app.startApprovedBy("alice", "bob", "restore-keeper", Map.of("backupRunId", backup.id(), "approvalRequired", true));
        var done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).as(String.valueOf(app.variable(pi, "failure"))).isEqualTo("end_restored");
        assertThat(seededFiles()).isEqualTo(before);
        assertThat((String) app.variable(pi, "quorum")).contains("leader").contains("follower");
        Inventory inventory = app.bean(Inventory.class);
        int leaders = 0;
        for (Node n : inventory.component(com.logicor.runbook.inventory.ComponentId.of("keeper")).nodes()) {
            String mode = KeeperSrvr.of(n).mode();
            assertThat(mode).isIn("leader", "follower");
            if (mode.equals("leader")) leaders++;
        }
        assertThat(leaders).isEqualTo(1);
        assertThat((String) app.variable(pi, "restorePlan")).contains("tar -x -p -C /").contains("srvr");
    }

    /** sha256 of every seeded coordination and config file of every node ("missing" when gone). */
    static Map<String, String> seededFiles() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (var node : (Iterable<Map.Entry<String, JsonNode>>) seed::fields) {
            Path root = lab.dir().resolve(node.getKey());
            for (String section : new String[] {"files", "config_sha256"}) {
                for (var file : (Iterable<String>) () -> node.getValue().path(section).fieldNames()) {
                    Path p = root.resolve(file);
                    if (!Files.exists(p)) {
                        out.put(node.getKey() + "/" + file, "missing");
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(p)) {
                        out.put(node.getKey() + "/" + file, TestData.sha256Of(in));
                    }
                }
            }
        }
        return out;
    }
}
