package com.logicor.runbook.postgresql;

import com.logicor.runbook.docker.DockerEngines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a PostgreSQL cluster holds, asked through the primary's container: the databases that accept connections
 * (not templates) and, per database, its user tables with their row counts. The backup records it (measurement
 * {@value #MEASUREMENT}, in the run's outcome and signed manifest); the recovery's verification compares the
 * restored cluster with it.
 * <p>
 * Names never enter SQL text or a shell: the queries are constants, a database reaches {@code psql} only as its own
 * argv word ({@code -d}), and tables are counted by {@code format('%I.%I')} inside the server. The output is
 * NUL-separated ({@code -z -0}), so a name with a tab or a newline cannot shift a field.
 */
final class PostgresCensus {

    /** The measurement's name: database → "schema.table" → rows. */
    static final String MEASUREMENT = "census";

    private static final Duration DATABASES_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(30);

    static final String DATABASES_SQL = "select datname from pg_database where datallowconn and not datistemplate order by datname";

    /**
     * Exact {@code count(*)} per table, not {@code pg_class.reltuples} / {@code pg_stat_user_tables.n_live_tup}: those
     * are estimates (stale until ANALYZE, zero right after a restore) and cannot tell a restored table that lost rows
     * from one that did not. The lab's and the site's tables are small enough (hundreds of thousands of rows) for a
     * sequential count at backup time; a table of billions of rows would want the estimate instead.
     */
    static final String TABLES_SQL = "select n.nspname, c.relname, (xpath('/row/c/text()', query_to_xml(format("
            + "'select count(*) as c from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text "
            + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            + "where c.relkind in ('r', 'p') and not c.relispartition "
            + "and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' "
            + "and n.nspname not like 'pg\\_temp%' order by 1, 2";

    private PostgresCensus() {
    }

    static List<String> databasesCommand(String user) {
        return List.of("psql", "-U", user, "-d", "postgres", "-AtXz0", "-c", DATABASES_SQL);
    }

    static List<String> tablesCommand(String user, String database) {
        return List.of("psql", "-U", user, "-d", database, "-AtXz0", "-v", "ON_ERROR_STOP=1", "-c", TABLES_SQL);
    }

    /** Every database that accepts connections and is not a template, in name order. */
    static List<String> databases(DockerEngines docker, PostgresPrimary.Target target, String user) {
        return fields(run(docker, target, databasesCommand(user), DATABASES_TIMEOUT));
    }

    /** The database's user tables ("schema.table") and their exact row counts. */
    static Map<String, Long> tables(DockerEngines docker, PostgresPrimary.Target target, String user, String database) {
        return parseTables(run(docker, target, tablesCommand(user, database), COUNT_TIMEOUT));
    }

    /** The whole census of these databases. */
    static Map<String, Map<String, Long>> of(DockerEngines docker, PostgresPrimary.Target target, String user, List<String> databases) {
        Map<String, Map<String, Long>> census = new TreeMap<>();
        for (String db : databases) census.put(db, tables(docker, target, user, db));
        return census;
    }

    private static String run(DockerEngines docker, PostgresPrimary.Target target, List<String> command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.exec(target.engine(), target.node().container(), command, out, timeout).requireSuccess();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** psql's unaligned output with NUL between fields and records (and maybe a newline at the end): the pieces, in order. */
    static List<String> fields(String output) {
        String body = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
        List<String> fields = new ArrayList<>();
        for (String f : body.split("\0")) {
            if (!f.isEmpty()) fields.add(f); // no name and no count is empty: an empty piece is the closing separator
        }
        return fields;
    }

    static Map<String, Long> parseTables(String output) {
        List<String> f = fields(output);
        if (f.size() % 3 != 0) throw new IllegalStateException("unexpected census output: " + f.size() + " fields");
        Map<String, Long> tables = new LinkedHashMap<>();
        for (int i = 0; i < f.size(); i += 3) tables.put(f.get(i) + "." + f.get(i + 1), Long.parseLong(f.get(i + 2)));
        return tables;
    }

    /**
     * What {@code now} lacks compared with {@code expected}: a missing database, a missing table, a table with fewer
     * rows. Empty when nothing is missing (more rows or more tables are not a loss).
     */
    static List<String> missing(Map<String, Map<String, Long>> expected, Map<String, Map<String, Long>> now) {
        List<String> missing = new ArrayList<>();
        expected.forEach((db, tables) -> {
            Map<String, Long> present = now.get(db);
            if (present == null) {
                missing.add("database " + db + " is missing");
                return;
            }
            tables.forEach((table, rows) -> {
                Long have = present.get(table);
                if (have == null) missing.add("table " + db + "/" + table + " is missing (" + rows + " rows at backup)");
                else if (have < rows) missing.add("table " + db + "/" + table + " has " + have + " rows, " + rows + " at backup");
            });
        });
        return missing;
    }
}
