package com.logicor.runbook.postgresql;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL 15 cluster made from the host's binaries: initdb in a temp dir, the server a child
 * process of the test (so it is waited for), reachable only through a unix socket in that dir (no port, no
 * clash with the lab). Restores are tested here, never in the lab's own server.
 */
final class ScratchPostgres implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final Path socketDir;
    private final Process server;

    private ScratchPostgres(Path dir, Path socketDir, Process server) {
        this.dir = dir;
        this.socketDir = socketDir;
        this.server = server;
    }

    static ScratchPostgres start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("runbook-it-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path sockets = Files.createDirectory(dir.resolve("sockets"));
        chownToPostgres(data);
        chownToPostgres(sockets);
        // initdb refuses root: run it, and the server, as postgres
        run(asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync"), null, dir.resolve("initdb.log"));
        Process server = new ProcessBuilder(asPostgres(BIN.resolve("postgres").toString(), "-D", data.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=" + sockets, "-c", "fsync=off",
                "-c", "logging_collector=off"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        ScratchPostgres pg = new ScratchPostgres(dir, sockets, server);
        try {
            pg.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    private void awaitReady() throws IOException, InterruptedException {
        try {
            await("scratch postgres ready").atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> {
                        Process p = new ProcessBuilder(BIN.resolve("pg_isready").toString(), "-h", socketDir.toString(), "-q")
                                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        if (p.waitFor() == 0) return true;
                        if (!server.isAlive()) throw new IllegalStateException("scratch postgres exited: " + log());
                        return false;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("scratch postgres not ready: " + log(), e);
        }
    }

    /** psql with ON_ERROR_STOP on the given database; the script comes from {@code script} (may be null). */
    String psql(String database, InputStream script, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BIN.resolve("psql").toString(), "-h", socketDir.toString(),
                "-U", "postgres", "-d", database, "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        cmd.addAll(List.of(extra));
        return run(cmd, script, null);
    }

    /** A single value, e.g. a checksum query. */
    String query(String database, String sql) throws IOException, InterruptedException {
        return psql(database, null, "-At", "-c", sql).strip();
    }

    void pgRestore(String database, InputStream dump) throws IOException, InterruptedException {
        run(List.of(BIN.resolve("pg_restore").toString(), "-h", socketDir.toString(), "-U", "postgres", "-d", database,
                "--exit-on-error"), dump, null);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.destroy(); // SIGTERM: smart shutdown, no clients are left
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static List<String> asPostgres(String... command) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void chownToPostgres(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = users.lookupPrincipalByName("postgres");
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Runs a command with {@code stdin} streamed in (a writer thread, so a full stdout pipe cannot stall it);
     * returns stdout; throws with stderr on a non-zero exit.
     */
    static String run(List<String> command, InputStream stdin, Path logFile) throws IOException, InterruptedException {
        Path err = Files.createTempFile("runbook-it-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            if (logFile != null) pb.redirectOutput(logFile.toFile());
            Process p = pb.start();
            Thread writer = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) stdin.transferTo(in);
                } catch (IOException ignored) {
                    // the process ended early; its exit status and stderr say why
                }
            }, "stdin-writer");
            writer.start();
            String out = logFile == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
            boolean done = p.waitFor(10, TimeUnit.MINUTES);
            writer.join(10_000);
            if (!done) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
