package com.logicor.runbook.backup;

import com.logicor.runbook.streams.Compression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.TestData;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.MultipartEtag;
import com.logicor.runbook.storage.ObjectStorage;
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
    ComponentSpec etcd;

    @BeforeEach
    void lab() {
        kit = new BackupTestKit(Lab.require());
        etcd = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("etcd"));
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

    @Test
    void theLabServerGivesStandardEtagsSoUploadsAreConfirmedWithoutReadingBack() throws IOException {
        // 40 MiB of incompressible data make three 16 MiB parts; the small one is a plain upload
        for (long size : new long[] {40L * 1024 * 1024, 1000}) {
            BackupRunContext run = kit.newRun("etcd");
            StoredArtifact stored = kit.artifacts.store(run, etcd, "etcd", "test", "etag-" + size + ".bin", Compression.NONE,
                    out -> TestData.stream(size, 5).transferTo(out));
            MultipartEtag expected = new MultipartEtag(java.io.OutputStream.nullOutputStream(), kit.remote().partSize());
            TestData.stream(size, 5).transferTo(expected);
            String serverEtag = kit.remote().stat(stored.remoteKey()).orElseThrow().etag();
            assertThat(MultipartEtag.confirms(expected.expected(), serverEtag)).as("server ETag " + serverEtag).contains(true);
            cleanUp(stored);
        }
    }

    @Test
    void bytesChangedOnTheWayAreCaughtByTheEtagAndNothingIsKept() {
        ArtifactStore store = storeWith(ArtifactStoreIT::flipOneByte); // after the checksums were taken
        BackupRunContext run = kit.newRun("etcd");
        assertThatThrownBy(() -> store.store(run, etcd, "etcd", "test", "flipped.bin", Compression.NONE,
                out -> TestData.stream(20L * 1024 * 1024, 9).transferTo(out)))
                .isInstanceOf(ArtifactFailedException.class).hasMessageContaining("the server stored something else");
        String key = kit.artifacts.remoteKey("etcd", run.stamp(), "flipped.bin");
        assertThat(kit.remote().stat(key)).isEmpty();
        assertThat(kit.catalog.artifactsOfRun(run.runId())).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ArtifactStatus.FAILED));
    }

    @Test
    void localFirstReleasesTheSourceBeforeTheUploadAndRemovesItsSpool() throws IOException {
        long[] sourceDoneAt = new long[1];
        long[] uploadReadAt = new long[1];
        ArtifactStore store = storeWith(data -> new java.io.FilterInputStream(data) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (uploadReadAt[0] == 0) uploadReadAt[0] = System.nanoTime();
                return super.read(b, off, len);
            }
        });
        ComponentSpec noLocalCopy = com.logicor.runbook.lab.Records.with(etcd, "localCopy", false);
        BackupRunContext run = kit.newRun("etcd");
        long size = 20L * 1024 * 1024;
        StoredArtifact stored = store.store(run, noLocalCopy, "etcd", "test", "staged.bin", Compression.ZSTD,
                ArtifactStore.Staging.LOCAL_FIRST, out -> {
                    TestData.stream(size, 21).transferTo(out);
                    sourceDoneAt[0] = System.nanoTime();
                });

        assertThat(uploadReadAt[0]).as("the upload starts after the source is done").isGreaterThan(sourceDoneAt[0]);
        assertThat(stored.localPath()).isNull();
        try (InputStream back = kit.remote().get(stored.remoteKey())) {
            assertThat(TestData.sha256Of(back)).isEqualTo(stored.sha256());
        }
        Path spool = Path.of(kit.inventory.storage().local().root()).resolve(".spool").resolve("etcd").resolve(run.stamp());
        assertThat(spool.resolve("staged.bin.zst")).doesNotExist();
        assertThat(kit.catalog.findArtifact(stored.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);
        kit.remote().delete(stored.remoteKey());
    }

    private void cleanUp(StoredArtifact stored) throws IOException {
        kit.remote().delete(stored.remoteKey());
        Files.deleteIfExists(Path.of(stored.localPath()));
    }

    /** The real storage, except that every upload's stream passes through {@code onPut} first. */
    private record InterceptingStorage(ObjectStorage real, java.util.function.UnaryOperator<InputStream> onPut)
            implements ObjectStorage {
        @Override public void probe() { real.probe(); }
        @Override public void ensureBucket() { real.ensureBucket(); }
        @Override public InputStream get(String key) { return real.get(key); }
        @Override public java.util.Optional<StoredObject> stat(String key) { return real.stat(key); }
        @Override public java.util.List<StoredObject> list(String prefix) { return real.list(prefix); }
        @Override public void delete(String key) { real.delete(key); }
        @Override public String bucket() { return real.bucket(); }
        @Override public long partSize() { return real.partSize(); }

        @Override
        public StoredObject put(String key, InputStream data, String contentType) {
            return real.put(key, onPut.apply(data), contentType);
        }
    }

    /** An ArtifactStore on the lab's storage whose uploads pass through {@code onPut}. */
    private ArtifactStore storeWith(java.util.function.UnaryOperator<InputStream> onPut) {
        BackupStorage intercepting = new BackupStorage(kit.inventory, kit.secrets) {
            @Override
            public java.util.Optional<ObjectStorage> remote() {
                return java.util.Optional.of(new InterceptingStorage(super.remote().orElseThrow(), onPut));
            }
        };
        return new ArtifactStore(intercepting, kit.catalog, "etag", Compression.DEFAULT_ZSTD_LEVEL);
    }

    /** Flips byte 1 000 000 of a stream, as a faulty proxy or NIC would. */
    private static InputStream flipOneByte(InputStream data) {
        return new java.io.FilterInputStream(data) {
            long position;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && position <= 1_000_000 && position + n > 1_000_000) {
                    b[off + (int) (1_000_000 - position)] ^= 0x5a;
                }
                if (n > 0) position += n;
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0 && position++ == 1_000_000) c ^= 0x5a;
                return c;
            }
        };
    }
}
