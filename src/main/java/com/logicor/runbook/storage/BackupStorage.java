package com.logicor.runbook.storage;

import com.logicor.runbook.files.OwnerOnlyFiles;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.inventory.Storage;
import java.io.IOException;
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

    public String remotePrefix() {
        return storage.s3() == null ? "" : storage.s3().prefix();
    }
}
