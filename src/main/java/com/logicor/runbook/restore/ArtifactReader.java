package com.logicor.runbook.restore;

import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.files.OwnerOnlyFiles;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.manifest.SignedManifestCheck;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.LocalPaths;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads artifacts back for a restore. Every way in first checks the catalog row against the run's signed manifest
 * ({@link SignedManifestCheck}): the catalog is writable by more hands than the signing key. {@link #verify} reads the whole stored object, checks size and sha256
 * against the catalog and measures the decompressed size; {@link #openRaw} streams it decompressed and fails
 * at the end if the bytes are not the verified ones any more — a restore step copies into a scratch place
 * first and runs nothing before the stream ended cleanly.
 */
@Component
public class ArtifactReader {

    private final BackupStorage storage;
    private final SignedManifestCheck manifests;
    private final Path spool;

    public ArtifactReader(BackupStorage storage, SignedManifestCheck manifests, @Value("${runbook.data-dir}") String dataDir) {
        this.storage = storage;
        this.manifests = manifests;
        this.spool = Path.of(dataDir, "restore-spool");
    }

    /** What a restore does with the bytes of a local, checked copy of an artifact. */
    @FunctionalInterface
    public interface LocalCopyUse {
        void accept(VerifiedArtifact local) throws Exception;
    }

    /**
     * Copies the stored (compressed) bytes to a local file, checking size and sha256 on the way, hands that
     * copy to {@code use} and deletes it afterwards. For targets that act on the bytes as they arrive (an HTTP
     * snapshot upload, a tar unpacked into a volume or a folder): a stream that turns out damaged at its end
     * would already have changed the target, a local file checked beforehand cannot.
     */
    public void withLocalCopy(VerifiedArtifact verified, LocalCopyUse use) throws Exception {
        manifests.requireMatch(verified.artifact()); // the row is read again at each step: it may have changed since preflight
        VerifiedArtifact local = spoolLocally(verified);
        try {
            use.accept(local);
        } finally {
            Files.deleteIfExists(Path.of(local.location()));
        }
    }

    /**
     * The check every restore's preflight makes: the catalog row against the run's signed manifest first (before a
     * byte of the artifact is read), then the stored bytes against the row.
     */
    public VerifiedArtifact verify(BackupArtifact artifact) {
        String trust = manifests.requireMatch(artifact);
        String what = describe(artifact);
        if (artifact.status() != ArtifactStatus.VERIFIED) {
            throw new ArtifactDamagedException(what + " is " + artifact.status().code() + ", not verified", null);
        }
        String location = locationOf(artifact);
        MessageDigest sha = sha256();
        long[] stored = new long[1];
        long raw;
        try (InputStream in = open(location);
             CountingDigest counted = new CountingDigest(in, sha, stored)) {
            // the shield keeps `counted` open for draining the rest after the decompressor is done
            try (InputStream decompressed = Compression.ofLocation(location).unwrap(CloseShieldInputStream.wrap(counted))) {
                raw = decompressed.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                counted.transferTo(OutputStream.nullOutputStream()); // finish the checksum: it says more
                throw mismatchOr(artifact, location, sha, stored[0], e);
            }
            counted.transferTo(OutputStream.nullOutputStream());
        } catch (ArtifactDamagedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ArtifactDamagedException(what + ": cannot read " + location + ": " + e.getMessage(), e);
        }
        ArtifactDamagedException mismatch = mismatchOr(artifact, location, sha, stored[0], null);
        if (mismatch != null) throw mismatch;
        return new VerifiedArtifact(artifact, location, raw, trust);
    }

    private VerifiedArtifact spoolLocally(VerifiedArtifact verified) throws IOException {
        Path dir = OwnerOnlyFiles.createDirectories(spool);
        String location = verified.location();
        Path file = LocalPaths.under(spool, verified.artifact().id() + "-" + location.substring(location.lastIndexOf('/') + 1));
        MessageDigest sha = sha256();
        long[] stored = new long[1];
        try (InputStream in = new CountingDigest(open(location), sha, stored)) {
            try (OutputStream out = OwnerOnlyFiles.newOutputStream(file)) {
                in.transferTo(out);
            }
        }
        ArtifactDamagedException mismatch = mismatchOr(verified.artifact(), location, sha, stored[0], null);
        if (mismatch != null) {
            Files.deleteIfExists(file);
            throw mismatch;
        }
        return new VerifiedArtifact(verified.artifact(), file.toString(), verified.rawSize(), verified.trust());
    }

    /** The decompressed bytes; the stream throws at its end when the stored bytes differ from the verified ones. */
    public InputStream openRaw(VerifiedArtifact verified) throws IOException {
        manifests.requireMatch(verified.artifact());
        MessageDigest sha = sha256();
        long[] stored = new long[1];
        CountingDigest counted = new CountingDigest(open(verified.location()), sha, stored);
        InputStream decompressed = Compression.ofLocation(verified.location()).unwrap(counted);
        BackupArtifact artifact = verified.artifact();
        return new FilterInputStream(BoundedInputStream.builder().setInputStream(decompressed)
                .setMaxCount(verified.rawSize() + 1).get()) {
            long raw;
            boolean checked;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) raw += n;
                if (n < 0 && !checked) {
                    checked = true;
                    counted.transferTo(OutputStream.nullOutputStream());
                    ArtifactDamagedException mismatch = mismatchOr(artifact, verified.location(), sha, stored[0], null);
                    if (mismatch != null) throw new IOException(mismatch.getMessage(), mismatch);
                    if (raw != verified.rawSize()) {
                        throw new IOException(describe(artifact) + ": decompressed to " + raw + " bytes, " + verified.rawSize() + " when verified");
                    }
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                super.close();
                counted.close();
            }
        };
    }

    private ArtifactDamagedException mismatchOr(BackupArtifact artifact, String location, MessageDigest sha, long size,
                                                IOException readFailure) {
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(artifact.sha256()) || artifact.sizeBytes() == null || size != artifact.sizeBytes()) {
            return new ArtifactDamagedException(describe(artifact) + ": " + location + " has sha256 " + actual + " and "
                    + size + " bytes, the catalog recorded " + artifact.sha256() + " and " + artifact.sizeBytes()
                    + " bytes when it was verified — the stored artifact is damaged; nothing was restored from it", readFailure);
        }
        return readFailure == null ? null : new ArtifactDamagedException(describe(artifact) + ": " + location
                + " matches its checksum but does not decompress: " + readFailure.getMessage(), readFailure);
    }

    /** S3 when the remote copy is there, else the local copy. */
    private String locationOf(BackupArtifact artifact) {
        if (artifact.remoteLocation() != null && artifact.remotePrunedAt() == null && storage.remote().isPresent()) {
            return artifact.remoteLocation();
        }
        if (artifact.localLocation() != null && artifact.localPrunedAt() == null
                && LocalPaths.isInside(storage.localRoot(), artifact.localLocation()) && Files.exists(Path.of(artifact.localLocation()))) {
            return artifact.localLocation();
        }
        throw new ArtifactDamagedException(describe(artifact) + ": no stored copy is left (remote "
                + artifact.remoteLocation() + ", local " + artifact.localLocation() + ")", null);
    }

    /** S3 or the local backup root through the storage, or this reader's own spool: never "any path". */
    private InputStream open(String location) throws IOException {
        if (!location.startsWith("s3://") && LocalPaths.isInside(spool, location)) {
            return Files.newInputStream(LocalPaths.requireInside(spool, location));
        }
        try {
            return storage.open(location);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() + " (nor inside the restore spool " + spool.toAbsolutePath().normalize() + ")", e);
        }
    }

    static String describe(BackupArtifact a) {
        return "artifact " + a.id() + " (" + a.component() + " " + a.kind() + " of " + a.node() + ", run " + a.runId() + ")";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hashes and counts what is read through it. */
    private static final class CountingDigest extends DigestInputStream {
        private final long[] count;

        CountingDigest(InputStream in, MessageDigest digest, long[] count) {
            super(in, digest);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) count[0]++;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count[0] += n;
            return n;
        }
    }
}
