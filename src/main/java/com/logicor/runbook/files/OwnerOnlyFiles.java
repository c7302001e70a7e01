package com.logicor.runbook.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only the runbook's own account can read: the data directory holds the database,
 * the SSH private key and the backups. Java cannot set the process umask, so the mode is given at creation
 * (mkdir/open with 700/600; the umask can only take bits away) — there is no moment in which another
 * account could open a file. On file systems without POSIX modes (Windows) the defaults apply.
 */
public final class OwnerOnlyFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Like {@link Files#createDirectories}; every directory it creates is 700 from the start. */
    public static Path createDirectories(Path dir) throws IOException {
        return posix(dir) ? Files.createDirectories(dir, attribute(DIRECTORY)) : Files.createDirectories(dir);
    }

    /** Creates an empty 600 file unless one exists (an existing one is narrowed to 600). */
    public static Path createFile(Path file) throws IOException {
        if (!posix(file)) {
            return Files.exists(file) ? file : Files.createFile(file);
        }
        try {
            return Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, FILE);
            return file;
        }
    }

    /** Writes a file that is 600 before its first byte; an existing file is narrowed, then replaced. */
    public static OutputStream newOutputStream(Path file) throws IOException {
        createFile(file);
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(content);
        }
    }

    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Narrows an existing directory to 700 (what an older version or a careless umask created). */
    public static void restrictDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
