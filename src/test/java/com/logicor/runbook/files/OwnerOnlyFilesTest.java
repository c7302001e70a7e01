package com.logicor.runbook.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path tmp;

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aFileIsOwnerOnlyBeforeItsFirstByte() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        try (OutputStream out = OwnerOnlyFiles.newOutputStream(key)) {
            assertThat(mode(key)).isEqualTo("rw-------");
            assertThat(Files.size(key)).isZero();
            out.write("secret".getBytes());
        }
        assertThat(Files.readString(key)).isEqualTo("secret");
    }

    @Test
    void anExistingWorldReadableFileIsNarrowedBeforeItIsRewritten() throws Exception {
        Path file = Files.writeString(tmp.resolve("manifest.json"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnlyFiles.writeString(file, "new");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("new");
    }

    @Test
    void everyCreatedDirectoryIsOwnerOnlyAndAnExistingOneIsNarrowed() throws Exception {
        Path deep = tmp.resolve("data/backups/etcd");
        OwnerOnlyFiles.createDirectories(deep);
        assertThat(mode(tmp.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("data/backups"))).isEqualTo("rwx------");
        assertThat(mode(deep)).isEqualTo("rwx------");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyFiles.restrictDirectory(open);
        assertThat(mode(open)).isEqualTo("rwx------");
    }
}
