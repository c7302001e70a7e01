package com.logicor.runbook.hostfiles;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.ssh.SshHosts;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tar of directories of an SSH host, streamed over the SSH channel as {@code tar} writes it:
 * {@code LC_ALL=C tar -C / -cf - <paths relative to />}. Used for the ClickHouse config and the Keeper trees
 * (ClickHouse Keeper is of the same family and lives on the same kind of VM).
 *
 * <p>Members are stored relative to {@code /} ({@code etc/clickhouse-server/config.xml}), so
 * {@code tar -C / -xf} puts them back where they were, and several trees fit in one archive.
 *
 * <p>Exit status: GNU tar exits 1 when "some files differ" — while creating, when a file changed, shrank or
 * vanished as it was read. Only "file changed as we read it" is accepted (the archive is complete; the
 * file holds what was read, as after a crash at that moment, which Keeper's changelog and ZooKeeper's
 * transaction log recover from). A file that shrank is padded with zeros — a corrupt member — and any other
 * message or status fails the archive. The warning is therefore NOT silenced ({@code --warning=no-file-changed}
 * would hide which case it was): the changed files are reported. {@code LC_ALL=C} keeps the messages
 * English on a Russian-language VM, so they can be told apart.
 */
public final class HostPathArchive {

    private static final Pattern CHANGED = Pattern.compile("^tar: (.+): file changed as we read it$");

    private HostPathArchive() {
    }

    /** What one archive produced: raw tar bytes, when its first byte arrived, files that changed while read. */
    public record Result(long tarBytes, Instant firstByteAt, List<String> changedWhileRead) {}

    public static String command(List<String> absolutePaths) {
        List<String> words = new ArrayList<>(List.of("tar", "-C", "/", "-cf", "-"));
        words.addAll(relativeToRoot(absolutePaths));
        return "LC_ALL=C " + ShellQuote.join(words.toArray(String[]::new));
    }

    /** {@code /etc/clickhouse-server/} → {@code etc/clickhouse-server}; relative paths and {@code ..} are refused. */
    public static List<String> relativeToRoot(List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("no paths to archive");
        }
        List<String> relative = new ArrayList<>();
        for (String path : paths) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path '" + path + "' is not absolute");
            }
            String stripped = path.replaceAll("/+$", "").replaceAll("^/+", "");
            if (stripped.isEmpty()) {
                throw new IllegalArgumentException("refusing to archive the whole file system ('" + path + "')");
            }
            for (String part : stripped.split("/+")) {
                if (part.equals("..") || part.equals(".")) {
                    throw new IllegalArgumentException("path '" + path + "' contains '" + part + "'");
                }
            }
            relative.add(stripped.replaceAll("/+", "/"));
        }
        return relative;
    }

    /** Runs the tar on the host and streams its stdout into {@code out}; throws when the archive is unusable. */
    public static Result stream(SshHosts ssh, Host host, List<String> paths, OutputStream out, Duration timeout)
            throws IOException {
        String command = command(paths);
        FirstByte counted = new FirstByte(out);
        ExecResult result = ssh.execToStream(host, command, counted, timeout);
        List<String> changed = accept(result, host.id());
        if (counted.count == 0) {
            throw new IOException("tar on host " + host.id() + " produced no output: " + command);
        }
        return new Result(counted.count, counted.firstByteAt, changed);
    }

    /**
     * Exit 0: fine. Exit 1 with nothing but "file changed as we read it" lines on stderr: fine, and those
     * files are returned. Anything else: an IOException with the status and the end of stderr.
     */
    static List<String> accept(ExecResult result, String hostId) throws IOException {
        if (result.exitStatus() == 0) return List.of();
        String stderr = result.stderr() == null ? "" : result.stderr();
        if (result.exitStatus() == 1) {
            List<String> changed = new ArrayList<>();
            boolean onlyChanged = true;
            for (String line : stderr.split("\n")) {
                if (line.isBlank()) continue;
                Matcher m = CHANGED.matcher(line.strip());
                if (m.matches()) {
                    changed.add(m.group(1));
                } else {
                    onlyChanged = false;
                }
            }
            if (onlyChanged && !changed.isEmpty()) return changed;
        }
        throw new IOException("tar on host " + hostId + " exited " + result.exitStatus() + ": " + result.command()
                + (stderr.isBlank() ? "" : " — " + tail(stderr.strip())));
    }

    private static String tail(String text) {
        return text.length() > 1500 ? "…" + text.substring(text.length() - 1500) : text;
    }

    /** Counts bytes and notes when the first one arrived (written by the SSH pump thread, read after it ends). */
    private static final class FirstByte extends FilterOutputStream {
        volatile long count;
        volatile Instant firstByteAt;

        FirstByte(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            mark(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            mark(len);
            out.write(b, off, len);
        }

        private void mark(int len) {
            if (firstByteAt == null) firstByteAt = Instant.now();
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // the caller owns the target stream
        }
    }
}
