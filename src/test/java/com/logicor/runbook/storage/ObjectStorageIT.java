package com.logicor.runbook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the lab's backup S3 server (s3proxy, a real S3 API). */
class ObjectStorageIT {

    static final long TWO_HUNDRED_MB = 200L * 1024 * 1024;

    ObjectStorage storage;
    String prefix;

    @BeforeEach
    void lab() {
        storage = new BackupStorage(Lab.require().inventory(), new SecretResolver()).remote().orElseThrow();
        storage.ensureBucket();
        prefix = "it/" + UUID.randomUUID() + "/";
    }

    @Test
    void twoHundredMegabytesOfUnknownLengthGoUpByMultipartAndComeBackIntact() throws IOException {
        MessageDigest sent = TestData.sha256();
        ObjectStorage.StoredObject stored;
        try (InputStream in = new DigestInputStream(TestData.stream(TWO_HUNDRED_MB, 200), sent)) {
            stored = storage.put(prefix + "big.bin", in, null);
        }
        assertThat(stored.size()).isEqualTo(TWO_HUNDRED_MB);
        // a multipart upload's ETag is "<md5 of part md5s>-<parts>"
        assertThat(stored.etag()).matches(".*-1[0-9]\"?$");
        String expected = TestData.hex(sent);
        try (InputStream back = storage.get(prefix + "big.bin")) {
            assertThat(TestData.sha256Of(back)).isEqualTo(expected);
        }
        storage.delete(prefix + "big.bin");
        assertThat(storage.stat(prefix + "big.bin")).isEmpty();
    }

    @Test
    void statListAndDelete() {
        storage.put(prefix + "a/one.txt", new ByteArrayInputStream("one".getBytes()), "text/plain");
        storage.put(prefix + "a/two.txt", new ByteArrayInputStream("two!".getBytes()), "text/plain");
        assertThat(storage.stat(prefix + "a/two.txt")).get().extracting(ObjectStorage.StoredObject::size).isEqualTo(4L);
        assertThat(storage.stat(prefix + "a/missing.txt")).isEmpty();
        assertThat(storage.list(prefix)).extracting(ObjectStorage.StoredObject::key)
                .containsExactlyInAnyOrder(prefix + "a/one.txt", prefix + "a/two.txt");
        storage.delete(prefix + "a/one.txt");
        storage.delete(prefix + "a/two.txt");
        assertThat(storage.list(prefix)).isEmpty();
    }

    @Test
    void missingBucketFailsTheProbe() {
        var s3 = Lab.require().inventory().storage().s3();
        var secrets = new SecretResolver();
        ObjectStorage missing = new MinioObjectStorage(s3.endpoint(), s3.region(), "no-such-bucket-" + UUID.randomUUID(),
                secrets.resolve(s3.accessKey()), secrets.resolve(s3.secretKey()));
        assertThatThrownBy(missing::probe).isInstanceOf(StorageException.class).hasMessageContaining("does not exist");
    }
}
