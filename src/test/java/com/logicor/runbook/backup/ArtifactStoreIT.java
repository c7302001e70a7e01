package com.logicor.runbook.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.inventory.Component;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The artifact pipeline against the lab's backup S3 server and local root. */
class ArtifactStoreIT {

    BackupTestKit kit;
    Component etcd;

    @BeforeEach
    void lab() {
        kit = new BackupTestKit(Lab.require());
        etcd = kit.inventory.component(ComponentId.ETCD);
    }

    @Test
    void storesCompressesVerifiesAndCatalogues() throws IOException {
        BackupRunContext run = kit.newRun("etcd");
        long size = 30L * 1024 * 1024;
        StoredArtifact stored = kit.artifacts.store(run, etcd, "etcd", "test", "payload.bin", Compression.ZSTD,
                out -> TestData.stream(size, 11).transferTo(out));

        assertThat(stored.remoteKey()).endsWith("/etcd/" + run.stamp() + "/payload.bin.zst");
        try (InputStream back = kit.remote().get(stored.remoteKey())) {
            assertThat(TestData.sha256Of(back)).isEqualTo(stored.sha256());
        }
        assertThat(kit.remote().stat(stored.remoteKey()).orElseThrow().size()).isEqualTo(stored.size());
        try (InputStream raw = new ZstdInputStream(kit.remote().get(stored.remoteKey()))) {
            assertThat(TestData.sha256Of(raw)).isEqualTo(TestData.sha256Of(TestData.stream(size, 11)));
        }
        Path local = Path.of(stored.localPath());
        assertThat(local).startsWith(Path.of(kit.inventory.storage().local().root()).resolve("etcd").resolve(run.stamp()));
        assertThat(TestData.sha256Of(Files.newInputStream(local))).isEqualTo(stored.sha256());

        BackupArtifact row = kit.catalog.findArtifact(stored.catalogId()).orElseThrow();
        assertThat(row.status()).isEqualTo(ArtifactStatus.VERIFIED);
        assertThat(row.sha256()).isEqualTo(stored.sha256());
        assertThat(row.sizeBytes()).isEqualTo(stored.size());
        assertThat(row.remoteLocation()).isEqualTo("s3://" + kit.remote().bucket() + "/" + stored.remoteKey());
        cleanUp(stored);
    }

    @Test
    void gzipIsSelectable() throws IOException {
        BackupRunContext run = kit.newRun("etcd");
        StoredArtifact stored = kit.artifacts.store(run, etcd, "etcd", "test", "small.txt", Compression.GZIP,
                out -> out.write("hello gzip".getBytes()));
        assertThat(stored.fileName()).isEqualTo("small.txt.gz");
        try (InputStream in = new GZIPInputStream(kit.remote().get(stored.remoteKey()))) {
            assertThat(new String(in.readAllBytes())).isEqualTo("hello gzip");
        }
        cleanUp(stored);
    }

    @Test
    void aSourceThatFailsHalfwayLeavesNothingThatLooksComplete() {
        BackupRunContext run = kit.newRun("etcd");
        assertThatThrownBy(() -> kit.artifacts.store(run, etcd, "etcd", "test", "broken.bin", Compression.ZSTD, out -> {
            TestData.stream(40L * 1024 * 1024, 3).transferTo(out); // several multipart parts already sent
            throw new IOException("pg_dump exited 1: connection lost");
        })).isInstanceOf(ArtifactFailedException.class).hasMessageContaining("connection lost");

        String key = kit.artifacts.remoteKey("etcd", run.stamp(), "broken.bin.zst");
        assertThat(kit.remote().stat(key)).as("no object under " + key).isEmpty();
        assertThat(kit.remote().list(key)).isEmpty();
        assertThat(kit.artifacts.localPath("etcd", run.stamp(), "broken.bin.zst")).doesNotExist();
        assertThat(kit.catalog.artifactsOfRun(run.runId())).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ArtifactStatus.FAILED);
            assertThat(a.message()).contains("connection lost");
            assertThat(a.sha256()).isNull();
        });
    }

    private void cleanUp(StoredArtifact stored) throws IOException {
        kit.remote().delete(stored.remoteKey());
        Files.deleteIfExists(Path.of(stored.localPath()));
    }
}
