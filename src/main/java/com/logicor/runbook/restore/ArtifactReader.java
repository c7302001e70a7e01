package com.logicor.runbook.restore;

import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.files.OwnerOnlyFiles;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads artifacts back for a restore. Every way in first checks the catalog row against the run's signed manifest
 * ({@link SignedManifestCheck}): the catalog is writable by more hands than the signing key. {@link #verify} reads the whole stored object, checks size and sha256
 * against the catalog and measures the decompressed size — the S3 copy first; when it fails its check the local copy
 * is read instead, and a copy whose sha256 or size does not match is quarantined in the catalog
 * ({@link BackupCatalog#markCopyDamaged}), never read again for a restore; {@link #openRaw} streams it decompressed and fails
 * at the end if the bytes are not the verified ones any more — a restore step copies into a scratch place
 * first and runs nothing before the stream ended cleanly.
 */
@Component
public class ArtifactReader {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ArtifactReader.class);

    private final BackupStorage storage;
    private final SignedManifestCheck manifests;
    private final BackupCatalog catalog;
    private final Path spool;

    @org.springframework.beans.factory.annotation.Autowired
    public ArtifactReader(BackupStorage storage, SignedManifestCheck manifests, BackupCatalog catalog,
                          @Value("${runbook.data-dir}") String dataDir) {
        this.storage = storage;
        this.manifests = manifests;
        this.catalog = catalog;
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
        VerifiedArtifact local;
        try {
            local = spoolLocally(verified);
        } catch (ArtifactDamagedException e) {
            // the S3 copy verified at preflight is damaged now (and quarantined): the local copy, checked while copied
            String other = localCopy(verified.artifact());
            if (!e.mismatch() || other == null || other.equals(verified.location())
                    || verified.artifact().damageOf(other) != null) throw e;
            log.warn("{}; using the local copy {}", e.getMessage(), other);
            local = spoolLocally(new VerifiedArtifact(verified.artifact(), other, verified.rawSize(), verified.trust()));
        }
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
        // S3 first, then the local copy: a copy that fails its check is quarantined in the catalog and the next is read
        List<String> failures = new ArrayList<>();
        List<String> verdicts = new ArrayList<>(); // the same, short: the engine keeps only 666 characters of an incident
        boolean damaged = false;
        ArtifactDamagedException only = null;
        boolean anyCopy = false;
        for (BackupCatalog.Copy copy : List.of(BackupCatalog.Copy.REMOTE, BackupCatalog.Copy.LOCAL)) {
            String location = copy == BackupCatalog.Copy.REMOTE ? remoteCopy(artifact) : localCopy(artifact);
            if (location == null) continue;
            anyCopy = true;
            String damage = artifact.damageOf(location);
            if (damage != null) {
                failures.add(copy.label() + " is quarantined as damaged (" + damage + ")");
                verdicts.add(copy.label() + " quarantined (" + headOf(damage) + ")");
                damaged = true;
                only = new ArtifactDamagedException(what + ": its " + copy.label() + " " + location
                        + " is quarantined as damaged (" + damage + "); nothing was restored from it", null, true, damage);
                continue;
            }
            try {
                VerifiedArtifact v = readBack(artifact, location, trust);
                return failures.isEmpty() ? v : new VerifiedArtifact(artifact, location, v.rawSize(), trust,
                        String.join("; ", failures) + "; using the " + copy.label() + ", which matched");
            } catch (ArtifactDamagedException e) {
                String reason = reasonOf(e);
                if (e.mismatch()) {
                    catalog.markCopyDamaged(artifact.id(), copy, reason);
                    failures.add(copy.label() + " damaged (" + reason + ")");
                    verdicts.add(copy.label() + " damaged (" + headOf(reason) + ")");
                    damaged = true;
                } else {
                    failures.add(copy.label() + " unreadable (" + reason + ")");
                    verdicts.add(copy.label() + " unreadable");
                }
                only = e;
            }
        }
        if (!anyCopy) {
            throw new ArtifactDamagedException(what + ": no stored copy is left (remote " + artifact.remoteLocation()
                    + ", local " + artifact.localLocation() + ")", null);
        }
        if (failures.size() == 1) throw only; // the one copy there is: its own words
        throw new ArtifactDamagedException(what + ": no copy passed its check (" + String.join(", ", verdicts)
                + "); nothing was restored from it — " + String.join("; ", failures), null, damaged);
    }

    /** Reads one copy whole: sha256 and size against the catalog, and the decompressed size. */
    private VerifiedArtifact readBack(BackupArtifact artifact, String location, String trust) {
        String what = describe(artifact);
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

    /** What was wrong with a copy, without the artifact's description (the evidence names the artifact once). */
    private static String reasonOf(ArtifactDamagedException e) {
        if (e.mismatch()) return e.reason();
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf("): ");
        return colon < 0 ? m : m.substring(colon + 3);
    }

    /** "sha256 mismatch" of "sha256 mismatch: s3://… has …". */
    private static String headOf(String reason) {
        int colon = reason.indexOf(": ");
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** Quarantines the copy at {@code location} when a later read (spool, stream) finds it damaged. */
    private void quarantine(BackupArtifact artifact, String location, ArtifactDamagedException damage) {
        if (!damage.mismatch()) return;
        if (location.equals(artifact.remoteLocation())) {
            catalog.markCopyDamaged(artifact.id(), BackupCatalog.Copy.REMOTE, reasonOf(damage));
        } else if (location.equals(artifact.localLocation())) {
            catalog.markCopyDamaged(artifact.id(), BackupCatalog.Copy.LOCAL, reasonOf(damage));
        }
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
            quarantine(verified.artifact(), location, mismatch);
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
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    if (!checked) { // a damaged copy often fails to decompress before its end: the checksum says which
                        checked = true;
                        ArtifactDamagedException mismatch = null;
                        try {
                            counted.transferTo(OutputStream.nullOutputStream());
                            mismatch = mismatchOr(artifact, verified.location(), sha, stored[0], e);
                        } catch (IOException | RuntimeException unreadable) {
                            e.addSuppressed(unreadable); // the rest cannot be read either: no verdict on the copy
                        }
                        if (mismatch != null && mismatch.mismatch()) {
                            quarantine(artifact, verified.location(), mismatch);
                            throw new IOException(mismatch.getMessage(), mismatch);
                        }
                    }
                    throw e;
                }
                if (n > 0) raw += n;
                if (n < 0 && !checked) {
                    checked = true;
                    counted.transferTo(OutputStream.nullOutputStream());
                    ArtifactDamagedException mismatch = mismatchOr(artifact, verified.location(), sha, stored[0], null);
                    if (mismatch != null) {
                        quarantine(artifact, verified.location(), mismatch);
                        throw new IOException(mismatch.getMessage(), mismatch);
                    }
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
        boolean shaDiffers = !actual.equals(artifact.sha256());
        boolean sizeDiffers = artifact.sizeBytes() == null || size != artifact.sizeBytes();
        if (shaDiffers || sizeDiffers) {
            String reason = (shaDiffers && sizeDiffers ? "sha256 and size mismatch" : shaDiffers ? "sha256 mismatch" : "size mismatch")
                    + ": " + location + " has sha256 " + actual + " and " + size + " bytes, the catalog recorded "
                    + artifact.sha256() + " and " + artifact.sizeBytes() + " bytes";
            return new ArtifactDamagedException(describe(artifact) + ": " + reason
                    + " when it was verified — the stored artifact is damaged; nothing was restored from it", readFailure, true, reason);
        }
        return readFailure == null ? null : new ArtifactDamagedException(describe(artifact) + ": " + location
                + " matches its checksum but does not decompress: " + readFailure.getMessage(), readFailure);
    }

    /** The S3 copy's location when it is there (not pruned, S3 configured); else null. */
    private String remoteCopy(BackupArtifact artifact) {
        return artifact.remoteLocation() != null && artifact.remotePrunedAt() == null && storage.remote().isPresent()
                ? artifact.remoteLocation() : null;
    }

    /** The local copy's location when it is there (not pruned, under the backup root, the file exists); else null. */
    private String localCopy(BackupArtifact artifact) {
        return artifact.localLocation() != null && artifact.localPrunedAt() == null
                && LocalPaths.isInside(storage.localRoot(), artifact.localLocation())
                && Files.exists(Path.of(artifact.localLocation())) ? artifact.localLocation() : null;
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
