package com.logicor.runbook.backup;

import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.files.OwnerOnlyFiles;
import com.logicor.runbook.catalog.ArtifactOutcome;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.LocalPaths;
import com.logicor.runbook.streams.BoundedPipe;
import com.logicor.runbook.storage.MultipartEtag;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.io.output.CountingOutputStream;
import org.apache.commons.io.output.TeeOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one way an artifact is stored: source → compression → sha256 and byte count → S3 multipart upload
 * (through a bounded pipe) and/or the local copy, then verification. The catalog row is {@code running}
 * while this happens, {@code verified} only when size and checksum of what was stored match, {@code failed}
 * otherwise — and a failed artifact leaves no stored object behind.
 * <p>
 * The S3 object is confirmed by the server's own checksum: its size, and its ETag, which an S3 server computes
 * from the bytes it received (MD5 per part) and which is checked against the same MD5s computed here on the
 * way out ({@link MultipartEtag}). Reading the object back would double the traffic and cost as much CPU as the
 * upload; it is done only where the ETag is not an MD5 (KMS-encrypted buckets, some gateways) or when
 * {@code runbook.backup.verify=read-back} asks for it. The local copy is always read back (page cache).
 */
@Component
public class ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
    private static final ExecutorService PRODUCERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "artifact-source");
        t.setDaemon(true);
        return t;
    });

    private final BackupStorage storage;
    private final BackupCatalog catalog;
    private final boolean alwaysReadBack;
    private final int zstdLevel;

    public ArtifactStore(BackupStorage storage, BackupCatalog catalog,
                         @Value("${runbook.backup.verify:etag}") String verify,
                         @Value("${runbook.backup.zstd-level:3}") int zstdLevel) {
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("runbook.backup.zstd-level must be 1..19, not " + zstdLevel);
        }
        this.storage = storage;
        this.catalog = catalog;
        this.zstdLevel = zstdLevel;
        this.alwaysReadBack = switch (verify) {
            case "etag" -> false;
            case "read-back" -> true;
            default -> throw new IllegalArgumentException("runbook.backup.verify must be etag or read-back, not '" + verify + "'");
        };
    }

    /** Remote key: {@code <prefix>/<component>/<stamp>/<file>}. */
    public String remoteKey(String component, String stamp, String file) {
        return objectKey(component, BackupRunContext.requireStamp(stamp), file);
    }

    /** The key a run will use, with {@code <stamp>} standing for its stamp: for plans, which run before any stamp exists. */
    public String plannedRemoteKey(String component, String file) {
        return objectKey(component, "<stamp>", file);
    }

    private String objectKey(String folder, String subfolder, String file) {
        String prefix = storage.remotePrefix();
        return (prefix.isEmpty() ? "" : prefix.replaceAll("/+$", "") + "/") + folder + "/" + subfolder + "/" + file;
    }

    /** Local copy: {@code <root>/<component>/<stamp>/<file>}. */
    public Path localPath(String component, String stamp, String file) {
        return LocalPaths.under(storage.localRoot(), component, BackupRunContext.requireStamp(stamp), file);
    }

    /**
     * The run's manifest at {@code <prefix>/runs/<stamp>-<run id>/manifest.json} (and under the local root) with its
     * detached signature beside it ({@code manifest.json.sig}, base64): small, written whole, read back to confirm.
     * The run id is in the folder because two runs can share a stamp (timers of different components firing in the
     * same second), and one manifest must never replace another's. Returns where the manifest is (the S3 URL when
     * there is remote storage); the signature is at that location + ".sig".
     */
    public String storeManifest(String stamp, String runId, byte[] manifest, String signature) throws IOException {
        byte[] sig = (signature + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String folder = BackupRunContext.requireStamp(stamp) + "-" + runId;
        Path local = LocalPaths.under(storage.localRoot(), "runs", folder, "manifest.json");
        OwnerOnlyFiles.createDirectories(local.getParent());
        OwnerOnlyFiles.write(local, manifest);
        OwnerOnlyFiles.write(local.resolveSibling("manifest.json.sig"), sig);
        Optional<ObjectStorage> remote = storage.remote();
        if (remote.isEmpty()) return local.toString();
        String key = objectKey("runs", folder, "manifest.json"); // folder: a checked stamp and the run id, plain (LocalPaths)
        putSmall(remote.get(), key, manifest, "application/json");
        putSmall(remote.get(), key + ".sig", sig, "text/plain");
        return "s3://" + remote.get().bucket() + "/" + key;
    }

    private static void putSmall(ObjectStorage remote, String key, byte[] content, String contentType) throws IOException {
        remote.put(key, new java.io.ByteArrayInputStream(content), contentType);
        try (InputStream in = remote.get(key)) {
            if (!java.util.Arrays.equals(in.readAllBytes(), content)) {
                throw new IOException(key + " reads back different");
            }
        }
    }

    /** How long the source is held: while the upload streams (the default), or only until the bytes are on local disk. */
    public enum Staging {
        /** source → compression → S3 and local copy at once: the least disk and the shortest total time. */
        STREAM,
        /**
         * source → compression → local file, then the upload from that file: the source is released as soon as
         * the local disk has the bytes — for sources that keep a service down while they are read (MinIO's
         * stop → archive → start). Without a local copy in the inventory the file is a spool that is removed
         * once the upload is verified.
         */
        LOCAL_FIRST
    }

    /** Produces, compresses, stores and verifies one artifact, or fails it and removes what was stored. */
    public StoredArtifact store(ArtifactRequest request, ArtifactSource source) {
        ComponentSpec component = request.component();
        BackupRunContext run = request.run();
        String node = request.node();
        String kind = request.kind();
        Compression compression = request.compression();
        String file = request.fileName() + compression.extension();
        String artifactId = catalog.startArtifact(run.runId(), component.id(), node, kind, run.processInstanceId(),
                request.subject()).id();
        Optional<ObjectStorage> remote = storage.remote();
        boolean local = component.localCopy() || remote.isEmpty();
        String key = remote.map(r -> remoteKey(component.id(), run.stamp(), file)).orElse(null);
        Path localFile = local ? localPath(component.id(), run.stamp(), file) : null;
        boolean localFirst = request.staging() == Staging.LOCAL_FIRST && remote.isPresent();
        Path spool = localFirst && localFile == null ? spoolPath(component.id(), run.stamp(), file) : null;
        try {
            Written written;
            if (localFirst) {
                Path staged = localFile != null ? localFile : spool;
                written = write(source, compression, null, null, staged, remote.get().partSize());
                try (InputStream in = Files.newInputStream(staged)) {
                    remote.get().put(key, in, "application/octet-stream");
                }
            } else {
                written = write(source, compression, remote.orElse(null), key, localFile,
                        remote.map(ObjectStorage::partSize).orElse(0L));
            }
            verify(remote.orElse(null), key, localFile, written);
            catalog.recordArtifact(artifactId, ArtifactOutcome.verified(localFile == null ? null : localFile.toString(),
                    key == null ? null : "s3://" + remote.get().bucket() + "/" + key, written.size, written.sha256, null));
            return new StoredArtifact(artifactId, component.id(), node, kind, file, key,
                    localFile == null ? null : localFile.toString(), written.size, written.sha256);
        } catch (Exception e) {
            removeQuietly(remote.orElse(null), key, localFile);
            catalog.recordArtifact(artifactId, ArtifactOutcome.failed(messageOf(e)));
            throw new ArtifactFailedException(component.id() + "/" + node + " " + kind + ": " + messageOf(e), e);
        } finally {
            if (spool != null) deleteQuietly(spool);
        }
    }

    /** Where a LOCAL_FIRST artifact without a local copy waits for its upload: under the local root, hidden. */
    private Path spoolPath(String component, String stamp, String file) {
        return LocalPaths.under(storage.localRoot(), ".spool", component, BackupRunContext.requireStamp(stamp), file);
    }

    /** What was produced: byte count, sha256, and the ETags an S3 server may give it (empty without S3). */
    private record Written(long size, String sha256, Set<String> etags) {}

    /**
     * Produces the artifact into the upload (remote and key) and/or the local file; {@code etagPartSize} > 0 also
     * computes the ETags an S3 server will give these bytes when uploaded in parts of that size.
     */
    private Written write(ArtifactSource source, Compression compression, ObjectStorage remote, String key, Path localFile,
                          long etagPartSize) throws Exception {
        MessageDigest digest = sha256();
        OutputStream localOut = null;
        if (localFile != null) {
            OwnerOnlyFiles.createDirectories(localFile.getParent());
            localOut = OwnerOnlyFiles.newOutputStream(localFile);
        }
        // The pipe holds one whole part: the source keeps producing while the previous part is being sent.
        BoundedPipe pipe = remote == null ? null : new BoundedPipe((int) Math.max(16, remote.partSize() / BoundedPipe.CHUNK));
        OutputStream stored = pipe == null ? localOut : localOut == null ? pipe.sink : new TeeOutputStream(pipe.sink, localOut);
        MultipartEtag etag = etagPartSize <= 0 ? null : new MultipartEtag(stored, etagPartSize);
        CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(etag == null ? stored : etag, digest));
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try (OutputStream compressed = compression.wrap(counted, zstdLevel)) {
                source.writeTo(compressed);
            } catch (Exception e) {
                if (pipe != null) pipe.fail(e);
                throw new SourceFailure(e);
            }
        }, PRODUCERS);
        try {
            if (pipe != null) {
                try (InputStream in = pipe.source) {
                    remote.put(key, in, "application/octet-stream");
                }
            }
            producer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SourceFailure sf ? (Exception) sf.getCause() : e;
        } catch (RuntimeException e) {
            // Either the source failed (the upload then saw a failing pipe and aborted) or the upload failed
            // (the source then saw a closed pipe). The first cause is the one worth reporting.
            try {
                producer.get();
            } catch (ExecutionException pe) {
                if (pe.getCause() instanceof SourceFailure sf && !(sf.getCause().getMessage() != null
                        && sf.getCause().getMessage().contains("the upload stopped reading"))) {
                    throw (Exception) sf.getCause();
                }
            }
            throw e;
        }
        return new Written(counted.getByteCount(), HexFormat.of().formatHex(digest.digest()),
                etag == null ? Set.of() : etag.expected());
    }

    /** What is kept is exactly what was produced, or the artifact fails. */
    private void verify(ObjectStorage remote, String key, Path localFile, Written written) throws IOException {
        if (remote != null) {
            ObjectStorage.StoredObject object = remote.stat(key)
                    .orElseThrow(() -> new IOException("stored object " + key + " is missing"));
            if (object.size() != written.size) {
                throw new IOException("stored object " + key + " has " + object.size() + " bytes, " + written.size + " were sent");
            }
            Optional<Boolean> confirmed = MultipartEtag.confirms(written.etags, object.etag());
            if (confirmed.isPresent() && !confirmed.get()) {
                throw new IOException("stored object " + key + " has ETag " + object.etag() + ", the bytes sent give "
                        + String.join(" or ", written.etags) + ": the server stored something else");
            }
            if (confirmed.isEmpty() || alwaysReadBack) {
                try (InputStream in = remote.get(key)) {
                    requireSha(in, written.sha256, "stored object " + key);
                }
            }
        }
        if (localFile != null) {
            if (Files.size(localFile) != written.size) {
                throw new IOException("local copy " + localFile + " has " + Files.size(localFile) + " bytes, expected " + written.size);
            }
            try (InputStream in = Files.newInputStream(localFile)) {
                requireSha(in, written.sha256, "local copy " + localFile);
            }
        }
    }

    static void requireSha(InputStream in, String expected, String what) throws IOException {
        MessageDigest digest = sha256();
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw new IOException(what + " has sha256 " + actual + ", expected " + expected);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent()); // the run's spool folder, once its last file is gone
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // another artifact of the run is still spooled there
        } catch (IOException e) {
            log.warn("could not remove the spool file {}: {}", file, e.getMessage());
        }
    }

    private void removeQuietly(ObjectStorage remote, String key, Path localFile) {
        try {
            if (remote != null && key != null && remote.stat(key).isPresent()) remote.delete(key);
        } catch (RuntimeException e) {
            log.warn("could not remove the failed artifact {}: {}", key, e.getMessage());
        }
        try {
            if (localFile != null) Files.deleteIfExists(localFile);
        } catch (IOException e) {
            log.warn("could not remove the failed local copy {}: {}", localFile, e.getMessage());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String messageOf(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 2000 ? m.substring(0, 2000) + "…" : m;
    }

    private static final class SourceFailure extends RuntimeException {
        SourceFailure(Exception cause) {
            super(cause);
        }
    }
}
