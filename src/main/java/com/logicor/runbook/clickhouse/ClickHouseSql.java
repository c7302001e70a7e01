package com.logicor.runbook.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL of native ClickHouse backups (22.8+, seed 001: scope database or table), built as text with every
 * identifier validated and back-quoted and every string literal escaped — nothing from outside reaches the
 * server unquoted. Also the parsing of what the server answers (TabSeparated).
 */
public final class ClickHouseSql {

    /** Plain identifiers only: anything else is refused rather than clever-quoted (seed 001 validates too). */
    static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    /**
     * Databases worth a backup: not the system ones (system, the two information_schema views of 22.x+,
     * the internal database of temporary tables), not those whose data lives in another server (MySQL,
     * PostgreSQL, SQLite engines), and {@code default} only when it holds tables — it always exists and is
     * usually empty. Tested against the lab's 18.16 as well.
     */
    static final String DATABASES = "SELECT name FROM system.databases"
            + " WHERE name NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema', '_temporary_and_external_tables')"
            + " AND engine NOT IN ('MySQL', 'MaterializedMySQL', 'MaterializeMySQL', 'PostgreSQL', 'MaterializedPostgreSQL', 'SQLite')"
            + " AND (name != 'default' OR name IN (SELECT database FROM system.tables WHERE database = 'default'))"
            + " ORDER BY name FORMAT TabSeparated";

    private ClickHouseSql() {
    }

    /** {@code `name`} after checking that it is a plain identifier. */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain ClickHouse identifier (^[A-Za-z_][A-Za-z0-9_]*$): "
                    + (name == null ? "null" : literal(name)));
        }
        return "`" + name + "`";
    }

    /** A ClickHouse string literal: single quotes, backslash escapes for {@code \ ' } and control characters. */
    public static String literal(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\0' -> b.append("\\0");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** {@code S3('<url>', '<access key>', '<secret key>')}: the destination of a native backup. */
    static String s3(String url, String accessKey, String secretKey) {
        return "S3(" + literal(url) + ", " + literal(accessKey) + ", " + literal(secretKey) + ")";
    }

    /** Scope database: {@code BACKUP DATABASE `db` TO S3(...) ASYNC} — returns at once with the operation id. */
    public static String backupDatabase(String database, String url, String accessKey, String secretKey) {
        return "BACKUP DATABASE " + identifier(database) + " TO " + s3(url, accessKey, secretKey) + " ASYNC";
    }

    /** Scope table: {@code BACKUP TABLE `db`.`table` TO S3(...) ASYNC}. */
    public static String backupTable(String database, String table, String url, String accessKey, String secretKey) {
        return "BACKUP TABLE " + identifier(database) + "." + identifier(table) + " TO " + s3(url, accessKey, secretKey)
                + " ASYNC";
    }

    /**
     * Scope database, seed 001's restore_backup: {@code RESTORE DATABASE `db` FROM S3(...) ASYNC}. Without
     * overwrite ClickHouse itself refuses to create a table that exists; with overwrite the caller drops the
     * database first ({@link #dropDatabase}) — RESTORE has no "replace" mode, and appending into a non-empty
     * table ({@code allow_non_empty_tables}) would duplicate rows.
     */
    public static String restoreDatabase(String database, String url, String accessKey, String secretKey) {
        return "RESTORE DATABASE " + identifier(database) + " FROM " + s3(url, accessKey, secretKey) + " ASYNC";
    }

    /** {@code DROP DATABASE IF EXISTS `db` SYNC}: SYNC so the RESTORE that follows does not meet the old tables. */
    public static String dropDatabase(String database) {
        return "DROP DATABASE IF EXISTS " + identifier(database) + " SYNC";
    }

    /** The row of one operation; {@code *} because the columns grew from 22.8 to 24.x (status and error are always there). */
    public static String backupStatus(String id) {
        return "SELECT * FROM system.backups WHERE id = " + literal(id) + " FORMAT TSVWithNames";
    }

    /** Rows of a TabSeparated answer, each field unescaped. */
    static List<List<String>> tsv(String body) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty()) continue;
            List<String> row = new ArrayList<>();
            for (String field : line.split("\t", -1)) row.add(unescape(field));
            rows.add(row);
        }
        return rows;
    }

    /** First data row of a TSVWithNames answer as column → value; empty when there is no row. */
    static Optional<Map<String, String>> firstRowWithNames(String body) {
        List<List<String>> rows = tsv(body);
        if (rows.size() < 2) return Optional.empty();
        List<String> names = rows.get(0);
        List<String> values = rows.get(1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size() && i < values.size(); i++) row.put(names.get(i), values.get(i));
        return Optional.of(row);
    }

    /** TabSeparated escaping: {@code \t \n \r \\ \' \0 \b \f}. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                b.append(c);
                continue;
            }
            char n = field.charAt(++i);
            switch (n) {
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case '0' -> b.append('\0');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                default -> b.append(n); // \\ \' and anything else: the character itself
            }
        }
        return b.toString();
    }

    /** One row of {@code system.backups}, as far as a backup needs it. */
    public record BackupState(String id, String status, String error, Long numFiles, Long totalSize,
                              Long uncompressedSize, Long compressedSize) {

        public enum Phase { RUNNING, CREATED, RESTORED, FAILED, OTHER }

        static BackupState of(Map<String, String> row) {
            return new BackupState(row.get("id"), row.getOrDefault("status", ""), row.getOrDefault("error", ""),
                    number(row.get("num_files")), number(row.get("total_size")),
                    number(row.get("uncompressed_size")), number(row.get("compressed_size")));
        }

        /** Status names since 22.10, and the older ones of 22.8 (MAKING_BACKUP, BACKUP_COMPLETE, FAILED_TO_BACKUP, FAILED_TO_RESTORE). */
        public Phase phase() {
            return switch (status) {
                case "CREATING_BACKUP", "MAKING_BACKUP", "RESTORING" -> Phase.RUNNING;
                case "BACKUP_CREATED", "BACKUP_COMPLETE" -> Phase.CREATED;
                case "RESTORED" -> Phase.RESTORED;
                case "BACKUP_FAILED", "FAILED_TO_BACKUP", "BACKUP_CANCELLED", "RESTORE_FAILED", "FAILED_TO_RESTORE",
                     "RESTORE_CANCELLED" -> Phase.FAILED;
                default -> Phase.OTHER;
            };
        }

        /** The backup's size as stored: compressed if known, else the total. */
        public Long storedSize() {
            return compressedSize != null && compressedSize > 0 ? compressedSize : totalSize;
        }

        private static Long number(String s) {
            if (s == null || s.isBlank()) return null;
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
