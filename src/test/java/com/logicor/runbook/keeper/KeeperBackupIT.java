package com.logicor.runbook.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.hostfiles.HostPathArchive;
import com.logicor.runbook.clickhouse.StoredTar;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.ssh.SshjHosts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keeper backup against the lab's three keeper "VMs" (sshd) with the ZooKeeper stand-in writing live. */
class KeeperBackupIT {

    Lab lab;
    BackupTestKit kit;
    SshjHosts ssh = new SshjHosts();
    KeeperBackup backup;
    ComponentSpec keeper;
    JsonNode seed;

    @BeforeEach
    void lab() throws Exception {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        backup = new KeeperBackup(kit.inventory, ssh, kit.artifacts);
        keeper = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("keeper"));
        seed = lab.seed("keeper");
    }

    @Test
    void everyNodeAtOnceWithItsConfigAndCoordinationData() throws Exception {
        BackupRunContext run = kit.newRun("keeper");
        try {
            ComponentBackupResult result = backup.run(keeper, run);
            System.out.println("keeper measurements: " + result.measurements());

            assertThat(result.artifacts()).extracting(StoredArtifact::node).containsExactlyInAnyOrder("keeper-1", "keeper-2", "keeper-3");
            for (StoredArtifact artifact : result.artifacts()) {
                String node = artifact.node();
                assertThat(artifact.kind()).isEqualTo("keeper");
                assertThat(artifact.fileName()).isEqualTo(node + ".tar.zst");
                assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);

                Map<String, StoredTar.Entry> tar = StoredTar.read(kit.remote(), artifact.remoteKey());
                // members are relative to /, under the node's own tree
                String base = lab.dir().resolve(node).toString().substring(1) + "/";
                JsonNode expected = seed.get(node);
                expected.get("config_sha256").fields().forEachRemaining(f -> {
                    assertThat(tar).as(node + " " + f.getKey()).containsKey(base + f.getKey());
                    assertThat(tar.get(base + f.getKey()).sha256()).as(node + " " + f.getKey()).isEqualTo(f.getValue().asText());
                });
                assertThat(tar).containsKey(base + "etc/clickhouse-keeper/keeper_config.xml");
                expected.get("files").fields().forEachRemaining(f -> {
                    StoredTar.Entry e = tar.get(base + f.getKey());
                    assertThat(e).as(node + " " + f.getKey()).isNotNull();
                    assertThat(e.size()).isEqualTo(f.getValue().get("size").asLong());
                    assertThat(e.sha256()).isEqualTo(f.getValue().get("sha256").asText());
                });
                // the live stand-in's state is in the same archive
                assertThat(tar).containsKey(base + "coordination/zookeeper/myid");
                assertThat(tar.keySet()).noneMatch(name -> !name.startsWith(base)); // only this node's trees
                assertThat(result.measurements()).containsKey(node + ".startedAt").containsKey(node + ".changedWhileRead");
            }
            long spread = ((Number) result.measurements().get("startSpreadMillis")).longValue();
            assertThat(spread).as("the three archives start together").isBetween(0L, 3000L);
        } finally {
            StoredTar.cleanUp(kit, "keeper", run);
        }
    }

    /** A file written while tar reads it: GNU tar exits 1, and that (and only that) is accepted and reported. */
    @Test
    void aFileChangingWhileReadIsAcceptedAndNamed() throws Exception {
        Host host = kit.inventory.host("keeper-1");
        String dir = "/tmp/runbook-it-" + UUID.randomUUID();
        ssh.exec(host, "mkdir -p " + dir + " && head -c 64000000 /dev/zero > " + dir + "/growing.bin", Duration.ofSeconds(60))
                .requireSuccess();
        // appends for at most 20 s in the background; its pid comes back so that it is stopped before the clean-up
        String pid = ssh.exec(host, "nohup sh -c 'end=$(($(date +%s)+20)); while [ $(date +%s) -lt $end ]; do "
                + "echo x >> " + dir + "/growing.bin; done' >/dev/null 2>&1 & echo $!", Duration.ofSeconds(10))
                .requireSuccess().stdout().strip();
        assertThat(pid).matches("[0-9]+");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Instant before = Instant.now();
            HostPathArchive.Result result = HostPathArchive.stream(ssh, host, List.of(dir + "/"), out, Duration.ofSeconds(60));
            assertThat(result.changedWhileRead()).containsExactly(dir.substring(1) + "/growing.bin");
            assertThat(result.firstByteAt()).isAfterOrEqualTo(before);
            assertThat(result.tarBytes()).isEqualTo(out.size());
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
                TarArchiveEntry e;
                boolean found = false;
                while ((e = tar.getNextEntry()) != null) {
                    if (e.getName().endsWith("growing.bin")) {
                        found = true;
                        assertThat(e.getSize()).isGreaterThanOrEqualTo(64_000_000L);
                    }
                }
                assertThat(found).isTrue();
            }
        } finally {
            // the appender first (by its pid), else it may write again between rm's unlink and rmdir
            ssh.exec(host, "kill " + pid + " 2>/dev/null; while kill -0 " + pid + " 2>/dev/null; do sleep 0.1; done; rm -rf " + dir,
                    Duration.ofSeconds(30)).requireSuccess();
        }
    }
}
