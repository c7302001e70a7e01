package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.clickhouse.StoredTar;
import com.logicor.runbook.docker.DockerClients;
import com.logicor.runbook.docker.DockerJavaEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.ssh.SshjHosts;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MinIO copied through its S3 API while it keeps running (lab: s3proxy in the container "minio"). */
class MinioOnlineBackupIT {

    Lab lab;
    BackupTestKit kit;
    DockerClients clients;
    ComponentSpec minio;
    Node node;
    DockerEngine engine;
    JsonNode seed;

    @BeforeEach
    void lab() throws Exception {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        clients = new DockerClients(kit.inventory, new SshjHosts());
        minio = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("minio"));
        node = minio.nodes().get(0);
        engine = kit.inventory.engine(node.engine());
        seed = MinioLab.seed(lab);
        MinioLab.awaitRunning(new DockerJavaEngines(clients), engine, minio, node, kit.secrets);
    }

    @AfterEach
    void close() throws Exception {
        clients.close();
    }

    private String startedAt() {
        var state = clients.client(engine).inspectContainerCmd(node.container()).exec().getState();
        assertThat(state.getRunning()).isTrue();
        return state.getStartedAt();
    }

    @Test
    void copiesEveryObjectWithoutStoppingAnything() throws Exception {
        String startedBefore = startedAt();
        BackupRunContext run = kit.newRun("minio");
        try {
            ComponentBackupResult result = new MinioOnlineBackup(kit.artifacts, kit.secrets).run(minio, run);
            System.out.println("minio online measurements: " + result.measurements());

            // other buckets may exist besides the seeded one (other tests, benchmarks): at least the seed
            assertThat(result.measurements()).containsEntry("downtimeMillis", 0L).containsEntry("minio.vanishedWhileCopied", 0L);
            assertThat((Long) result.measurements().get("minio.objects")).isGreaterThanOrEqualTo(seed.get("objects_count").asLong());
            assertThat((Long) result.measurements().get("minio.objectBytes")).isGreaterThanOrEqualTo(seed.get("total_bytes").asLong());
            assertThat(startedAt()).as("the container was never stopped or restarted").isEqualTo(startedBefore);

            StoredArtifact artifact = result.artifacts().get(0);
            assertThat(artifact.kind()).isEqualTo("objects");
            assertThat(artifact.fileName()).isEqualTo("minio-objects.tar.zst");
            assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);

            Map<String, StoredTar.Entry> tar = StoredTar.read(kit.remote(), artifact.remoteKey());
            MinioLab.assertHoldsEverySeededObject(tar, seed);
            String bucket = seed.get("bucket").asText();
            assertThat(tar.values().stream().filter(e -> e.name().startsWith(bucket + "/") && !e.directory()))
                    .as("exactly the seeded objects of bucket " + bucket).hasSize(seed.get("objects_count").asInt());
            assertThat(tar.values().stream().filter(e -> !e.directory()).mapToLong(StoredTar.Entry::size).sum())
                    .isEqualTo(result.measurements().get("minio.objectBytes"));
            assertThat(tar.get(bucket + "/").directory()).isTrue();
            // metadata for a restore through the S3 API: content type and ETag of each object
            for (JsonNode o : seed.get("objects")) {
                Map<String, String> pax = tar.get(bucket + "/" + o.get("key").asText()).pax();
                assertThat(pax).containsKey(MinioOnlineBackup.PAX_PREFIX + "content-type")
                        .containsEntry(MinioOnlineBackup.PAX_PREFIX + "etag", o.get("md5").asText());
            }
            System.out.println("e.g. " + tar.get(bucket + "/" + seed.get("objects").get(0).get("key").asText()).pax());
        } finally {
            StoredTar.cleanUp(kit, "minio", run);
        }
    }
}
