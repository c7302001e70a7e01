package com.logicor.runbook.storage;

import com.logicor.runbook.files.OwnerOnlyFiles;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.inventory.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The inventory's backup storage: the local root, and the S3 bucket when one is configured. */
@Component
public class BackupStorage {

    private final Storage storage;
    private final SecretResolver secrets;

    public BackupStorage(Inventory inventory, SecretResolver secrets) {
        this.storage = inventory.storage();
        this.secrets = secrets;
    }

    /** The local root, created if missing. */
    public Path localRoot() {
        Path root = Path.of(storage.local().root());
        try {
            return OwnerOnlyFiles.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local backup root " + root.toAbsolutePath(), e);
        }
    }

    /** The remote store, made at each call so that rotated keys are picked up. */
    public Optional<ObjectStorage> remote() {
        Storage.S3 s3 = storage.s3();
        if (s3 == null) return Optional.empty();
        return Optional.of(new MinioObjectStorage(s3.endpoint(), s3.region(), s3.bucket(),
                secrets.resolve(s3.accessKey()), secrets.resolve(s3.secretKey())));
    }

    /** Reads a stored location: {@code s3://<bucket>/<key>} (only in the configured bucket) or a local path. */
    public InputStream open(String location) throws IOException {
        if (location.startsWith("s3://")) {
            ObjectStorage remote = remote().orElseThrow(() -> new IOException("no S3 storage configured for " + location));
            return remote.get(keyIn(remote, location));
        }
        return Files.newInputStream(LocalPaths.requireInside(localRoot(), location)); // never "any path" from the catalog
    }

    /** Whether a stored location holds an object or file; a server that cannot answer is an exception, not "no". */
    public boolean exists(String location) throws IOException {
        if (location.startsWith("s3://")) {
            ObjectStorage remote = remote().orElseThrow(() -> new IOException("no S3 storage configured for " + location));
            return remote.stat(keyIn(remote, location)).isPresent();
        }
        return Files.exists(LocalPaths.requireInside(localRoot(), location));
    }

    private static String keyIn(ObjectStorage remote, String location) throws IOException {
        String withoutScheme = location.substring("s3://".length());
        int slash = withoutScheme.indexOf('/');
        String bucket = slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
        if (slash < 0 || !bucket.equals(remote.bucket())) {
            throw new IOException(location + " is not in the configured bucket " + remote.bucket());
        }
        return withoutScheme.substring(slash + 1);
    }

    public String remotePrefix() {
        return storage.s3() == null ? "" : storage.s3().prefix();
    }
}
