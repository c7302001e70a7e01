package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.clickhouse.StoredTar;
import com.logicor.runbook.docker.DockerClients;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.docker.DockerException;
import com.logicor.runbook.docker.DockerJavaEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.ssh.SshjHosts;
import com.logicor.runbook.storage.MinioObjectStorage;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The regulation's stop → archive → start of the lab's MinIO stand-in (s3proxy in the container "minio"). */
class MinioVolumeBackupIT {

    Lab lab;
    BackupTestKit kit;
    DockerClients clients;
    DockerJavaEngines docker;
    ComponentSpec minio;
    Node node;
    DockerEngine engine;
    JsonNode seed;

    @BeforeEach
    void lab() throws Exception {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        clients = new DockerClients(kit.inventory, new SshjHosts());
        docker = new DockerJavaEngines(clients);
        minio = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("minio"));
        node = minio.nodes().get(0);
        engine = kit.inventory.engine(node.engine());
        seed = MinioLab.seed(lab);
        MinioLab.awaitRunning(docker, engine, minio, node, kit.secrets);
    }

    @AfterEach
    void close() throws Exception {
        clients.close();
    }

    MinioVolumeBackup backup(DockerEngines engines) {
        return new MinioVolumeBackup(kit.inventory, engines, kit.artifacts, kit.storage, kit.secrets);
    }

    @Test
    void stopsArchivesTheVolumeWithXattrsAndStartsAgain() throws Exception {
        BackupRunContext run = kit.newRun("minio");
        try {
            ComponentBackupResult result = backup(docker).run(minio, run);
            System.out.println("minio volume measurements: " + result.measurements());

            long downtime = ((Number) result.measurements().get("downtimeMillis")).longValue();
            assertThat(downtime).isPositive();
            assertThat(result.measurements()).containsEntry("minio.wasRunning", true);

            // MinIO is back and serves the objects with their metadata (ETag = the seeded MD5)
            assertThat(docker.inspect(engine, node.container()).running()).isTrue();
            MinioObjectStorage bucket = MinioLab.bucket(minio, node, kit.secrets, seed.get("bucket").asText());
            JsonNode first = seed.get("objects").get(0);
            var stat = bucket.stat(first.get("key").asText()).orElseThrow();
            assertThat(stat.size()).isEqualTo(first.get("size").asLong());
            assertThat(stat.etag()).isEqualTo(first.get("md5").asText());

            StoredArtifact artifact = result.artifacts().get(0);
            assertThat(artifact.kind()).isEqualTo("volume");
            assertThat(artifact.fileName()).isEqualTo("minio-volume.tar.zst");
            assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);
            Map<String, StoredTar.Entry> tar = StoredTar.read(kit.remote(), artifact.remoteKey());
            MinioLab.assertHoldsEverySeededObject(tar, seed);

            // the finding for restore: podman's archive API keeps user.* xattrs as PAX SCHILY.xattr records
            String bucketName = seed.get("bucket").asText();
            long withXattrs = 0;
            for (JsonNode o : seed.get("objects")) {
                Map<String, String> pax = tar.get(bucketName + "/" + o.get("key").asText()).pax();
                if (pax.containsKey("SCHILY.xattr.user.user.content-type") && pax.containsKey("SCHILY.xattr.user.user.content-md5")) {
                    withXattrs++;
                }
            }
            System.out.println("files with SCHILY.xattr.user.* PAX records: " + withXattrs + " of " + seed.get("objects").size()
                    + "; e.g. " + tar.get(bucketName + "/" + first.get("key").asText()).pax().keySet());
            assertThat(withXattrs).isEqualTo(seed.get("objects").size());
        } finally {
            StoredTar.cleanUp(kit, "minio", run);
        }
    }

    @Test
    void aFailingArchiveStillStartsMinioAgain() throws Exception {
        DockerJavaEngines failing = spy(docker);
        doThrow(new DockerException("docker-1: create helper for volume logiq_minio-data: simulated failure", null))
                .when(failing).archiveFromVolume(any(), anyString());
        BackupRunContext run = kit.newRun("minio");
        try {
            assertThatThrownBy(() -> backup(failing).run(minio, run))
                    .hasMessageContaining("minio/minio volume").hasMessageContaining("simulated failure")
                    .hasMessageContaining("started again and answers").hasMessageContaining("downtime");
            assertThat(docker.inspect(engine, node.container()).running()).isTrue();
            MinioObjectStorage bucket = MinioLab.bucket(minio, node, kit.secrets, seed.get("bucket").asText());
            assertThat(bucket.list("")).hasSize(seed.get("objects_count").asInt());
            assertThat(kit.catalog.artifactsOfRun(run.runId())).singleElement()
                    .satisfies(a -> assertThat(a.status()).isEqualTo(ArtifactStatus.FAILED));
            assertThat(kit.remote().list(kit.artifacts.remoteKey("minio", run.stamp(), ""))).isEmpty();
        } finally {
            StoredTar.cleanUp(kit, "minio", run);
        }
    }
}
