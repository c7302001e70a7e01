package com.logicor.runbook.clickhouse;

import com.github.luben.zstd.ZstdInputStream;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.TestData;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a stored tar artifact back from S3 (zstd), as a restore would, and cleans up after a test run. */
public final class StoredTar {

    private StoredTar() {
    }

    public record Entry(String name, boolean directory, long size, String sha256, Map<String, String> pax) {}

    /** Every member of the stored {@code .tar.zst}: name → size, sha256 of the content, PAX records. */
    public static Map<String, Entry> read(ObjectStorage remote, String key) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream raw = remote.get(key);
             TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdInputStream(raw))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                MessageDigest digest = TestData.sha256();
                long size;
                try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                    size = tar.transferTo(sink);
                }
                entries.put(e.getName(), new Entry(e.getName(), e.isDirectory(), size, TestData.hex(digest),
                        Map.copyOf(e.getExtraPaxHeaders())));
            }
        }
        return entries;
    }

    /** Removes everything the run stored: its S3 objects and its local folder. */
    public static void cleanUp(BackupTestKit kit, String component, BackupRunContext run) {
        String prefix = kit.artifacts.remoteKey(component, run.stamp(), "");
        for (ObjectStorage.StoredObject o : kit.remote().list(prefix)) kit.remote().delete(o.key());
        Path dir = kit.artifacts.localPath(component, run.stamp(), "");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // the component folder under the local root stays only if something else is in it
        try {
            Files.deleteIfExists(dir.getParent());
        } catch (IOException notEmpty) {
            // another run's files: leave them
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return TestData.sha256Of(in);
        }
    }
}
