package com.logicor.runbook.postgresql;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.command.ShellScript;
import com.logicor.runbook.docker.ContainerFileUpload;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.VerifiedArtifact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The regulation's PostgreSQL restore, corrected: through the primary's container, globals first (roles the
 * databases are owned by), then each chosen database from its {@code pg_dump -Fc} dump — dropped with
 * {@code --force} (the regulation's {@code dropdb} fails while Grafana is connected) and recreated by
 * {@code pg_restore --create}, so owner, encoding and ACLs are the dumped ones.
 * <p>
 * A dump is first copied, decompressed, into a scratch folder of the container and checked against its
 * checksum while it is copied; only then does anything touch a database. Each step is idempotent: run again,
 * it drops and restores the same database again. The scratch folder is removed afterwards, also on failure.
 */
@Component
public class PostgresRestore {

    private static final Logger log = LoggerFactory.getLogger(PostgresRestore.class);
    private static final Duration STEP_TIMEOUT = Duration.ofHours(6);
    private static final Duration SHORT = Duration.ofMinutes(2);
    /** What the globals of a live cluster always collide on: the roles and tablespaces that already exist. */
    private static final Pattern HARMLESS = Pattern.compile("ERROR:\\s+(role|tablespace) \".*\" already exists");
    /** PostgreSQL's NAMEDATALEN - 1: a longer name is truncated by the server, so it is not the name that was dumped. */
    static final int MAX_NAME_BYTES = 63;
    /** The only folders this restore creates and removes ({@code rm -rf}) in the primary's container. */
    static final String SCRATCH_PREFIX = "/tmp/runbook-restore-";
    private static final Pattern SCRATCH = Pattern.compile("/tmp/runbook-restore-[A-Za-z0-9-]{1,64}");

    private final PostgresPrimary primary;
    private final DockerEngines docker;
    private final ContainerFileUpload upload;
    private final ArtifactReader reader;

    public PostgresRestore(PostgresPrimary primary, DockerEngines docker, ContainerFileUpload upload, ArtifactReader reader) {
        this.primary = primary;
        this.docker = docker;
        this.upload = upload;
        this.reader = reader;
    }

    /** The steps a restore of these databases runs, command by command (the dry run's and the approver's view). */
    public List<String> plan(ComponentSpec component, String container, List<String> databases, String scratch) {
        String user = PostgresPrimary.userOf(component);
        List<String> steps = new ArrayList<>();
        steps.add("find the primary: docker exec <node's container> " + ShellQuote.join(PostgresPrimary.roleCommand(user).toArray(String[]::new)) + " → f");
        steps.add("copy globals.sql (decompressed, sha256 checked while copying) into " + container + ":" + scratch);
        steps.add("docker exec " + container + " " + ShellQuote.join(globalsCommand(user, scratch).toArray(String[]::new))
                + "  (\"already exists\" errors for roles are expected and ignored; any other error fails the step)");
        for (String db : databases) {
            steps.add("copy " + db + ".dump (decompressed, sha256 checked while copying) into " + container + ":" + scratch);
            steps.add("docker exec " + container + " " + ShellQuote.join(dropCommand(user, db).toArray(String[]::new)));
            steps.add("docker exec " + container + " " + ShellQuote.join(restoreCommand(user, db, scratch).toArray(String[]::new)));
            steps.add("check: docker exec " + container + " " + ShellQuote.join(checkCommand(user, db).toArray(String[]::new)) + " → tables > 0");
        }
        steps.add("docker exec " + container + " rm -rf " + ShellQuote.quote(scratch) + "  (also after a failure)");
        return steps;
    }

    /** Restores roles and tablespaces; returns the number of harmless "already exists" errors. */
    public int restoreGlobals(ComponentSpec component, VerifiedArtifact globals, String scratch) throws IOException {
        requireScratch(scratch);
        PostgresPrimary.Target target = primary.choose(component, false);
        String user = PostgresPrimary.userOf(component);
        return inScratch(target, scratch, globals, () -> {
            ExecResult result = exec(target, globalsCommand(user, scratch), STEP_TIMEOUT);
            List<String> errors = result.stderr().lines().filter(l -> l.contains("ERROR:")).toList();
            List<String> real = errors.stream().filter(l -> !HARMLESS.matcher(l).find()).toList();
            if (!result.ok() || !real.isEmpty()) {
                throw new IOException("psql of globals.sql exited " + result.exitStatus() + ": " + String.join(" | ", real.isEmpty() ? errors : real));
            }
            return errors.size();
        });
    }

    /** Drops the database (forcing its sessions out) and restores it from its custom-format dump. */
    public void restoreDatabase(ComponentSpec component, String database, VerifiedArtifact dump, String scratch) throws IOException {
        requireName(database);
        requireScratch(scratch);
        PostgresPrimary.Target target = primary.choose(component, false);
        String user = PostgresPrimary.userOf(component);
        inScratch(target, scratch, dump, () -> {
            exec(target, dropCommand(user, database), SHORT).requireSuccess();
            ExecResult restored = exec(target, restoreCommand(user, database, scratch), STEP_TIMEOUT);
            if (!restored.ok()) {
                throw new IOException("pg_restore of " + database + " exited " + restored.exitStatus() + ": " + restored.stderr().strip());
            }
            return null;
        });
    }

    /** Connects to the database and counts its user tables: a restored database has some. */
    public long userTables(ComponentSpec component, String database) {
        requireName(database);
        PostgresPrimary.Target target = primary.choose(component, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.exec(target.engine(), target.node().container(), checkCommand(PostgresPrimary.userOf(component), database), out, SHORT)
                .requireSuccess();
        return Long.parseLong(out.toString(StandardCharsets.UTF_8).strip());
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    /** Copies the artifact into the scratch folder, runs the step, and always removes the folder. */
    private <T> T inScratch(PostgresPrimary.Target target, String scratch, VerifiedArtifact artifact, Step<T> step) throws IOException {
        exec(target, List.of("mkdir", "-p", "-m", "700", scratch), SHORT).requireSuccess();
        try {
            ByteArrayOutputStream ids = new ByteArrayOutputStream();
            exec(target, ShellScript.of("id -u; id -g").sh(), ids, SHORT).requireSuccess();
            List<String> idLines = ids.toString(StandardCharsets.UTF_8).lines().toList();
            try (InputStream raw = reader.openRaw(artifact)) {
                upload.put(target.engine(), target.node().container(), scratch, artifact.rawFileName(), artifact.rawSize(),
                        Integer.parseInt(idLines.get(0).strip()), Integer.parseInt(idLines.get(1).strip()), raw);
            }
            return step.run();
        } finally {
            try {
                exec(target, List.of("rm", "-rf", scratch), SHORT);
            } catch (RuntimeException e) {
                log.warn("postgresql: could not remove {} in {}: {}", scratch, target.node().container(), e.getMessage());
            }
        }
    }

    private ExecResult exec(PostgresPrimary.Target target, List<String> command, Duration timeout) {
        return exec(target, command, java.io.OutputStream.nullOutputStream(), timeout);
    }

    private ExecResult exec(PostgresPrimary.Target target, List<String> command, java.io.OutputStream out, Duration timeout) {
        return docker.exec(target.engine(), target.node().container(), command, out, timeout);
    }

    static List<String> globalsCommand(String user, String scratch) {
        return List.of("psql", "-U", user, "-X", "-q", "-d", "postgres", "-f", scratch + "/globals.sql");
    }

    static List<String> dropCommand(String user, String database) {
        return List.of("dropdb", "-U", user, "--if-exists", "--force", database);
    }

    static List<String> restoreCommand(String user, String database, String scratch) {
        return List.of("pg_restore", "-U", user, "--create", "--exit-on-error", "-d", "postgres", scratch + "/" + database + ".dump");
    }

    static List<String> checkCommand(String user, String database) {
        return List.of("psql", "-U", user, "-d", database, "-AtX", "-c",
                "select count(*) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");
    }

    /**
     * The scratch folder of the restore started as this process instance: computed from the engine's own id,
     * never read from a process variable (it is removed with {@code rm -rf} inside the primary's container).
     */
    public static String scratchFor(String processInstanceId) {
        return requireScratch(SCRATCH_PREFIX + processInstanceId);
    }

    static String requireScratch(String scratch) {
        if (scratch == null || !SCRATCH.matcher(scratch).matches()) {
            throw new IllegalArgumentException("not a scratch folder this runbook makes: '" + scratch + "' (expected " + SCRATCH + ")");
        }
        return scratch;
    }

    /**
     * Refuses a database name this runbook will not pass to a command: any PostgreSQL identifier is accepted
     * (unicode included, e.g. {@code склад}) as long as it stays one plain argv word. The name reaches commands only as
     * its own argument ({@code dropdb … NAME}, {@code psql -d NAME}, the dump's file name), never inside SQL text or
     * a shell line, so what is refused is what would change the meaning of that word: control characters (NUL, newline,
     * tab, …), invisible format characters, leading or trailing white space, more than 63 bytes of UTF-8 (the server
     * would truncate it), a leading {@code -} (an option to dropdb), {@code /} or {@code \} (the dump's file name is
     * {@code <name>.dump} in the scratch folder and the store), and {@code =} or a {@code postgres[ql]://} prefix
     * ({@code psql -d} would read the word as a connection string).
     */
    static void requireName(String database) {
        String problem = nameProblem(database);
        if (problem != null) {
            throw new IllegalArgumentException("not a database name this runbook restores: " + shownName(database) + " (" + problem + ")");
        }
    }

    /** Why the name is refused, or null when it is accepted. */
    static String nameProblem(String database) {
        if (database == null || database.isEmpty()) return "empty";
        if (database.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) return "longer than " + MAX_NAME_BYTES + " bytes of UTF-8";
        int first = database.codePointAt(0);
        int last = database.codePointBefore(database.length());
        if (Character.isWhitespace(first) || Character.isSpaceChar(first) || Character.isWhitespace(last) || Character.isSpaceChar(last)) {
            return "leading or trailing white space";
        }
        for (int i = 0; i < database.length(); ) {
            int c = database.codePointAt(i);
            int type = Character.getType(c);
            if (c == 0 || Character.isISOControl(c)) return "a control character U+" + String.format("%04X", c);
            if (type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return "an invisible or unassigned character U+" + String.format("%04X", c);
            }
            if (c == '/' || c == '\\') return "a path separator";
            if (c == '=') return "'=' (psql -d would read a connection string)";
            i += Character.charCount(c);
        }
        if (database.startsWith("-")) return "a leading '-' (read as an option)";
        String lower = database.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) return "a connection URI";
        return null;
    }

    /** The name as a log line can show it: quoted, with control characters escaped. */
    static String shownName(String database) {
        if (database == null) return "null";
        StringBuilder b = new StringBuilder("'");
        database.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) b.append(String.format("\\u%04X", c));
            else b.appendCodePoint(c);
        });
        return b.append("'").toString();
    }
}
