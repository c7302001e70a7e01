package com.logicor.runbook.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.inventory.SecretRef;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.ssh.SshjHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClickHouse against the lab's 18.16 on the "VM" clickhouse-1: the config archive and SQL over HTTP are real;
 * native BACKUP is newer than 18.16, so here it must fail cleanly (its exact SQL is in ClickHouseSqlTest).
 */
class ClickHouseBackupIT {

    Lab lab;
    BackupTestKit kit;
    ComponentSpec clickhouse;
    Node node;
    ClickHouseHttp http;
    ClickHouseNativeBackup nativeBackup;
    ClickHouseBackup backup;

    @BeforeEach
    void lab() {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        clickhouse = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("clickhouse"));
        node = clickhouse.nodes().get(0);
        SshjHosts ssh = new SshjHosts();
        http = new ClickHouseHttp(kit.secrets);
        nativeBackup = new ClickHouseNativeBackup(kit.inventory, kit.secrets, kit.storage, kit.artifacts, kit.catalog, http);
        backup = new ClickHouseBackup(new ClickHouseConfigBackup(kit.inventory, ssh, kit.artifacts),
                new ClickHouseBackupCli(kit.inventory, ssh, kit.catalog), nativeBackup);
    }

    @Test
    void configOfEveryNodeIsAUsableArchive() throws Exception {
        ComponentSpec configOnly = Records.with(clickhouse, "dataBackup", "none");
        BackupRunContext run = kit.newRun("clickhouse");
        try {
            ComponentBackupResult result = backup.run(configOnly, run);
            System.out.println("clickhouse config measurements: " + result.measurements());
            assertThat(result.artifacts()).hasSize(clickhouse.nodes().size());
            assertThat(result.measurements()).containsEntry("dataBackup", "none");
            StoredArtifact artifact = result.artifacts().get(0);
            assertThat(artifact.kind()).isEqualTo("config");
            assertThat(artifact.fileName()).isEqualTo("clickhouse-1-config.tar.zst");
            assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);

            Map<String, StoredTar.Entry> tar = StoredTar.read(kit.remote(), artifact.remoteKey());
            // the "VM" is this machine: the archive must hold exactly its files
            for (String file : List.of("config.xml", "users.xml", "config.d/runbook-lab.xml", "users.d/runbook-lab.xml")) {
                String member = "etc/clickhouse-server/" + file;
                assertThat(tar).as(member).containsKey(member);
                assertThat(tar.get(member).sha256()).isEqualTo(StoredTar.sha256(Path.of("/" + member)));
            }
            assertThat(tar.keySet()).allMatch(name -> name.startsWith("etc/clickhouse-server"));
        } finally {
            StoredTar.cleanUp(kit, "clickhouse", run);
        }
    }

    @Test
    void sqlOverHttpWithCredentialsInHeaders() throws Exception {
        assertThat(nativeBackup.databases(clickhouse, node)).containsExactly("logiq"); // not system, not an empty default

        JsonNode seed = lab.seed("clickhouse");
        String answer = http.query(clickhouse, node, seed.get("checksum_sql").asText(), Duration.ofSeconds(30), List.of());
        assertThat(answer.strip()).isEqualTo(seed.get("checksum").asText());
    }

    @Test
    void aWrongPasswordIsRefusedAndNotEchoed(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("password");
        Files.writeString(file, "not-the-password-4711\n");
        ComponentSpec wrong = Records.with(clickhouse, "credentials", Records.of(ComponentSpec.Credentials.class,
                Map.of("user", "default", "password", SecretRef.ofFile(file.toString()))));
        assertThatThrownBy(() -> http.query(wrong, node, "SELECT 1", Duration.ofSeconds(30), List.of()))
                .isInstanceOf(ClickHouseHttp.ClickHouseException.class)
                .hasMessageContaining("clickhouse/clickhouse-1").hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("not-the-password-4711");
    }

    @Test
    void nativeBackupOn1816FailsCleanlyWithoutLeakingASecret() throws Exception {
        BackupRunContext run = kit.newRun("clickhouse");
        List<String> secrets = List.of(
                lab.secretText("backup-s3-access-key"),
                lab.secretText("backup-s3-secret-key"),
                lab.secretText("clickhouse-password"));
        // the lab inventory says none (18.16 has no BACKUP); the method is chosen here to try it for real
        ComponentSpec nativeData = Records.with(clickhouse, "dataBackup", "native");
        try {
            assertThatThrownBy(() -> backup.run(nativeData, run))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("clickhouse: 1 failed (1 artifact(s) stored and verified)")
                    .hasMessageContaining("clickhouse/clickhouse-1 data (database logiq)")
                    .hasMessageContaining("Syntax error")
                    .hasMessageContaining("TO S3(***)")
                    .satisfies(e -> secrets.forEach(s -> assertThat(e.getMessage()).doesNotContain(s)))
                    .satisfies(e -> System.out.println("native on 18.16: " + e.getMessage().substring(0, Math.min(400, e.getMessage().length()))));

            List<BackupArtifact> rows = kit.catalog.artifactsOfRun(run.runId());
            assertThat(rows).extracting(BackupArtifact::kind, BackupArtifact::status)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("config", ArtifactStatus.VERIFIED),
                            org.assertj.core.groups.Tuple.tuple("data", ArtifactStatus.FAILED));
            BackupArtifact data = rows.stream().filter(a -> a.kind().equals("data")).findFirst().orElseThrow();
            assertThat(data.message()).contains("Syntax error");
            secrets.forEach(s -> assertThat(data.message()).doesNotContain(s));
            // nothing of a data backup in the bucket, only the config archive
            assertThat(kit.remote().list(kit.artifacts.remoteKey("clickhouse", run.stamp(), "")))
                    .extracting(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
                    .containsExactly("clickhouse-1-config.tar.zst");
        } finally {
            StoredTar.cleanUp(kit, "clickhouse", run);
        }
    }

    @Test
    void planNamesCommandsAndReferencesButNoSecret() throws Exception {
        List<String> plan = backup.plan(Records.with(clickhouse, "dataBackup", "native"));
        plan.forEach(System.out::println);
        String text = String.join("\n", plan);
        assertThat(text).contains("LC_ALL=C tar -C / -cf - etc/clickhouse-server")
                .contains("BACKUP DATABASE `<database>` TO S3('http://127.0.0.1:9300/logiq-backups/lab/clickhouse/<stamp>/clickhouse-1-<database>/'")
                .contains("file:" + lab.secret("backup-s3-secret-key"))
                .contains("SELECT * FROM system.backups WHERE id = '<id>' FORMAT TSVWithNames");
        for (String secret : List.of("backup-s3-access-key", "backup-s3-secret-key", "clickhouse-password")) {
            assertThat(text).doesNotContain(Files.readString(lab.secret(secret)).strip());
        }
    }
}
