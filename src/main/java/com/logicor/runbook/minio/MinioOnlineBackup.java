package com.logicor.runbook.minio;

import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Bucket;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.springframework.stereotype.Component;

/**
 * MinIO without downtime ({@code backup_method: online}; the regulation's stop → tar → start costs an outage): every bucket and every object
 * read through the component's own S3 API and streamed into one tar, entries {@code <bucket>/<key>}, while
 * MinIO keeps serving. Each bucket gets a directory entry {@code <bucket>/} (so empty buckets come back);
 * any other directory entry is a "folder" marker object (a key ending in {@code /}).
 *
 * <p>Consistency per object: stat first (size, ETag, metadata), then GET with {@code If-Match: <etag>} — if the
 * object changed in between, it is read again (up to {@value #ATTEMPTS} times); if it was deleted, it is
 * skipped and counted. The copy is not one point in time across objects (MinIO has no snapshot); what
 * changed during the copy is as of when it was read.
 *
 * <p>Metadata a restore needs (content type, ETag, user metadata) travels as PAX records
 * {@code SCHILY.xattr.user.s3.content-type}, {@code SCHILY.xattr.user.s3.etag},
 * {@code SCHILY.xattr.user.s3.meta.<name>}: GNU tar reads them silently (and restores them as xattrs only
 * with {@code --xattrs}); a restore through the S3 API sets them on the object again.
 */
@Component
public class MinioOnlineBackup implements ComponentBackup {

    static final String KIND = "objects";
    static final String FILE = "minio-objects.tar";
    static final String PAX_PREFIX = "SCHILY.xattr.user.s3.";
    static final int ATTEMPTS = 3;

    private final ArtifactStore store;
    private final SecretResolver secrets;

    public MinioOnlineBackup(ArtifactStore store, SecretResolver secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    @Override
    public ComponentId component() {
        return MinioBlueprint.ID;
    }

    @Override
    public String method() {
        return MinioBlueprint.ONLINE;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        steps.add("backup_method online (the inventory's): nothing is stopped, every object is copied through the S3 API");
        for (Node node : component.nodes()) {
            String endpoint = node.endpoints().getOrDefault("s3", "<no s3 endpoint>");
            steps.add(node.name() + ": nothing is stopped; S3 API " + endpoint + " with access_key/secret_key from "
                    + (component.credentials() == null ? "<none>" : component.credentials().accessKey() + " / " + component.credentials().secretKey()));
            steps.add(node.name() + ": ListBuckets; per bucket ListObjectsV2 (recursive); per object HEAD (size, ETag, content type, user metadata)"
                    + " then GET with If-Match: <ETag> (re-read when it changed, skipped when deleted)");
            steps.add(node.name() + ": one tar, entries <bucket>/ and <bucket>/<key> with the HEAD size and Last-Modified, metadata as PAX "
                    + PAX_PREFIX + "* → " + KIND + " artifact " + FILE + " (compressed with the run's compression), sha256, S3 + local copy, read back");
        }
        return steps;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        ComponentBackupResult.Builder result = ComponentBackupResult.builder();
        for (Node node : component.nodes()) {
            MinioClient client = MinioClients.of(secrets, component, node);
            AtomicReference<Stats> stats = new AtomicReference<>();
            long start = System.nanoTime();
            StoredArtifact artifact = store.store(ArtifactRequest.of(run, component, node.name(), KIND, FILE),
                    out -> stats.set(writeTar(client, out)));
            result.artifact(artifact);
            String n = node.name() + ".";
            result.measure(n + "buckets", stats.get().buckets);
            result.measure(n + "objects", stats.get().objects);
            result.measure(n + "objectBytes", stats.get().bytes);
            result.measure(n + "vanishedWhileCopied", stats.get().vanished);
            result.measure(n + "rereadBecauseChanged", stats.get().reread);
            result.measure(n + "storedBytes", artifact.size());
            result.measure(n + "millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        result.measure("backupMethod", method());
        result.measure("downtimeMillis", 0L); // nothing was stopped
        return result.build(component.id());
    }

    static final class Stats {
        long buckets;
        long objects;
        long bytes;
        long vanished;
        long reread;
    }

    /** Writes the tar of every bucket into {@code out} (raw; the store compresses). */
    static Stats writeTar(MinioClient client, OutputStream out) throws Exception {
        Stats stats = new Stats();
        // the store closes its own stream; the tar must only finish its blocks
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(CloseShieldOutputStream.wrap(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            List<Bucket> buckets = new ArrayList<>(client.listBuckets());
            buckets.sort(Comparator.comparing(Bucket::name));
            for (Bucket bucket : buckets) {
                TarArchiveEntry dir = new TarArchiveEntry(bucket.name() + "/", true);
                if (bucket.creationDate() != null) dir.setModTime(Date.from(bucket.creationDate().toInstant()));
                tar.putArchiveEntry(dir);
                tar.closeArchiveEntry();
                stats.buckets++;
                for (Result<Item> listed : client.listObjects(ListObjectsArgs.builder().bucket(bucket.name()).recursive(true).build())) {
                    Item item = listed.get();
                    if (item.isDir()) continue;
                    copyObject(client, tar, bucket.name(), item.objectName(), stats);
                }
            }
            tar.finish();
        }
        return stats;
    }

    private static void copyObject(MinioClient client, TarArchiveOutputStream tar, String bucket, String key, Stats stats)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            StatObjectResponse stat;
            try {
                stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    stats.vanished++;
                    return;
                }
                throw e;
            }
            String etag = stat.etag() == null || stat.etag().isBlank() ? null : stat.etag();
            InputStream in;
            try {
                in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).matchETag(etag).build());
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    stats.vanished++;
                    return;
                }
                if (isChanged(e) && attempt < ATTEMPTS) {
                    stats.reread++;
                    continue;
                }
                throw e;
            }
            try (in) {
                if (key.endsWith("/") && stat.size() > 0) {
                    // a tar entry named .../ is a directory and holds no data: this object cannot be represented
                    throw new IOException("s3://" + bucket + "/" + key + ": a key ending in '/' with " + stat.size()
                            + " bytes cannot be stored as a tar entry");
                }
                TarArchiveEntry entry = entryFor(bucket, key, stat);
                tar.putArchiveEntry(entry);
                long copied = in.transferTo(tar);
                if (copied != stat.size()) {
                    throw new IOException("s3://" + bucket + "/" + key + ": read " + copied + " bytes, HEAD said " + stat.size());
                }
                tar.closeArchiveEntry();
            }
            stats.objects++;
            stats.bytes += stat.size();
            return;
        }
    }

    static TarArchiveEntry entryFor(String bucket, String key, StatObjectResponse stat) {
        TarArchiveEntry entry = new TarArchiveEntry(bucket + "/" + key, true);
        entry.setSize(entry.isDirectory() ? 0 : stat.size());
        if (!entry.isDirectory()) entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
        if (stat.lastModified() != null) entry.setModTime(Date.from(stat.lastModified().toInstant()));
        if (stat.contentType() != null && !stat.contentType().isBlank()) entry.addPaxHeader(PAX_PREFIX + "content-type", stat.contentType());
        if (stat.etag() != null && !stat.etag().isBlank()) entry.addPaxHeader(PAX_PREFIX + "etag", stat.etag());
        if (stat.userMetadata() != null) {
            stat.userMetadata().forEach((name, value) -> entry.addPaxHeader(PAX_PREFIX + "meta." + name, value));
        }
        return entry;
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || (e.response() != null && e.response().code() == 404);
    }

    private static boolean isChanged(ErrorResponseException e) {
        return "PreconditionFailed".equals(e.errorResponse().code()) || (e.response() != null && e.response().code() == 412);
    }
}
