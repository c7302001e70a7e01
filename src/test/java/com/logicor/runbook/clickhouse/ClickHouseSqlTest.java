package com.logicor.runbook.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.clickhouse.ClickHouseSql.BackupState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact SQL of native backups (ClickHouse 22.8+; the lab's 18.16 cannot run it) and the parsing of answers. */
class ClickHouseSqlTest {

    static final String URL = "http://127.0.0.1:9300/logiq-backups/lab/clickhouse/20261121-010000/clickhouse-1-logiq/";

    @Test
    void backupOfADatabase() {
        assertThat(ClickHouseSql.backupDatabase("logiq", URL, "AKIA1", "s3cr3t"))
                .isEqualTo("BACKUP DATABASE `logiq` TO S3('http://127.0.0.1:9300/logiq-backups/lab/clickhouse/20261121-010000/"
                        + "clickhouse-1-logiq/', 'AKIA1', 's3cr3t') ASYNC");
    }

    @Test
    void backupOfATable() {
        assertThat(ClickHouseSql.backupTable("logiq", "events", URL, "AKIA1", "s3cr3t"))
                .isEqualTo("BACKUP TABLE `logiq`.`events` TO S3('" + URL + "', 'AKIA1', 's3cr3t') ASYNC");
    }

    @Test
    void literalsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(ClickHouseSql.literal("it's")).isEqualTo("'it\\'s'");
        assertThat(ClickHouseSql.literal("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(ClickHouseSql.literal("l1\nl2\tx\r\0")).isEqualTo("'l1\\nl2\\tx\\r\\0'");
        // a secret that tries to end the literal stays inside it
        assertThat(ClickHouseSql.backupDatabase("logiq", URL, "ak", "x'), ('y"))
                .endsWith(", 'ak', 'x\\'), (\\'y') ASYNC");
    }

    @Test
    void identifiersAreBackQuoted() {
        assertThat(ClickHouseSql.identifier("_db_1")).isEqualTo("`_db_1`");
        assertThat(ClickHouseSql.identifier("Logiq")).isEqualTo("`Logiq`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "a`b", "logiq; DROP DATABASE logiq", "db.table", "тест", "a'b"})
    void badIdentifiersAreRefused(String name) {
        assertThatThrownBy(() -> ClickHouseSql.identifier(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a plain ClickHouse identifier");
        assertThatThrownBy(() -> ClickHouseSql.backupDatabase(name, URL, "ak", "sk")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClickHouseSql.backupTable("logiq", name, URL, "ak", "sk")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollingQuery() {
        assertThat(ClickHouseSql.backupStatus("0f3c6a52-8b0e-4cbb-a8e4-6d6b9c0e1f22"))
                .isEqualTo("SELECT * FROM system.backups WHERE id = '0f3c6a52-8b0e-4cbb-a8e4-6d6b9c0e1f22' FORMAT TSVWithNames");
        assertThat(ClickHouseSql.backupStatus("x' OR '1'='1")).isEqualTo(
                "SELECT * FROM system.backups WHERE id = 'x\\' OR \\'1\\'=\\'1' FORMAT TSVWithNames");
    }

    @Test
    void databaseListQuery() {
        assertThat(ClickHouseSql.DATABASES).isEqualTo("SELECT name FROM system.databases"
                + " WHERE name NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema', '_temporary_and_external_tables')"
                + " AND engine NOT IN ('MySQL', 'MaterializedMySQL', 'MaterializeMySQL', 'PostgreSQL', 'MaterializedPostgreSQL', 'SQLite')"
                + " AND (name != 'default' OR name IN (SELECT database FROM system.tables WHERE database = 'default'))"
                + " ORDER BY name FORMAT TabSeparated");
    }

    @Test
    void parsesSystemBackupsRowsOfNewAndOldServers() {
        // 24.x: more columns, ProfileEvents as a map; the error escaped by TSV
        String created = "id\tname\tbase_backup_name\tquery_id\tstatus\terror\tstart_time\tend_time\tnum_files\ttotal_size\t"
                + "num_entries\tuncompressed_size\tcompressed_size\tfiles_read\tbytes_read\tProfileEvents\n"
                + "b1\tS3(\\'http://x/\\', \\'[HIDDEN]\\')\t\tq1\tBACKUP_CREATED\t\t2026-11-21 01:00:00.000000\t"
                + "2026-11-21 01:00:09.000000\t12\t4096\t12\t4096\t1024\t0\t0\t{}\n";
        BackupState state = BackupState.of(ClickHouseSql.firstRowWithNames(created).orElseThrow());
        assertThat(state.id()).isEqualTo("b1");
        assertThat(state.phase()).isEqualTo(BackupState.Phase.CREATED);
        assertThat(state.numFiles()).isEqualTo(12);
        assertThat(state.storedSize()).isEqualTo(1024);

        String failed = "id\tname\tstatus\tnum_files\tuncompressed_size\tcompressed_size\terror\tstart_time\tend_time\n"
                + "b2\tS3()\tFAILED_TO_BACKUP\t0\t0\t0\tCode: 499. S3 exception:\\n\\tAccess Denied\t2026-11-21 01:00:00\t2026-11-21 01:00:01\n";
        BackupState old = BackupState.of(ClickHouseSql.firstRowWithNames(failed).orElseThrow());
        assertThat(old.phase()).isEqualTo(BackupState.Phase.FAILED);
        assertThat(old.error()).isEqualTo("Code: 499. S3 exception:\n\tAccess Denied");
        assertThat(old.storedSize()).isNull();

        assertThat(ClickHouseSql.firstRowWithNames("id\tstatus\n")).isEmpty();
        assertThat(BackupState.of(Map.of("status", "CREATING_BACKUP")).phase()).isEqualTo(BackupState.Phase.RUNNING);
        assertThat(BackupState.of(Map.of("status", "MAKING_BACKUP")).phase()).isEqualTo(BackupState.Phase.RUNNING);
        assertThat(BackupState.of(Map.of("status", "BACKUP_CANCELLED")).phase()).isEqualTo(BackupState.Phase.FAILED);
        assertThat(BackupState.of(Map.of("status", "SOMETHING_NEW")).phase()).isEqualTo(BackupState.Phase.OTHER);
    }

    @Test
    void tsvUnescapes() {
        assertThat(ClickHouseSql.tsv("a\\tb\\\\c\t1\nlogiq\n")).containsExactly(List.of("a\tb\\c", "1"), List.of("logiq"));
        assertThat(ClickHouseSql.unescape("it\\'s\\n")).isEqualTo("it's\n");
    }

    @Test
    void awaitPollsUntilTheOperationEnds() {
        String header = "id\tstatus\terror\tnum_files\tcompressed_size\n";
        List<String> answers = new java.util.ArrayList<>(List.of(
                header + "b1\tCREATING_BACKUP\t\t0\t0\n",
                header + "b1\tCREATING_BACKUP\t\t3\t0\n",
                header + "b1\tBACKUP_CREATED\t\t7\t2048\n"));
        List<String> asked = new java.util.ArrayList<>();
        BackupState state = ClickHouseNativeBackup.await("b1", sql -> {
            asked.add(sql);
            return answers.remove(0);
        }, java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2));
        assertThat(state.phase()).isEqualTo(BackupState.Phase.CREATED);
        assertThat(state.storedSize()).isEqualTo(2048);
        assertThat(asked).hasSize(3).allMatch(sql -> sql.equals(ClickHouseSql.backupStatus("b1")));
    }

    @Test
    void awaitGivesUpOnAnOperationTheServerForgot() {
        assertThatThrownBy(() -> ClickHouseNativeBackup.await("gone", sql -> "id\tstatus\n",
                java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)))
                .hasMessageContaining("gone").hasMessageContaining("not in system.backups");
    }

    @Test
    void awaitStopsAtItsTimeLimit() {
        assertThatThrownBy(() -> ClickHouseNativeBackup.await("slow", sql -> "id\tstatus\nslow\tCREATING_BACKUP\n",
                java.time.Duration.ofMillis(30), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(5)))
                .hasMessageContaining("still running");
    }

    @Test
    void redactionRemovesSecretsAndWhateverStandsInS3() {
        String echo = "Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1: BACKUP DATABASE `logiq` "
                + "TO S3('http://127.0.0.1:9300/b/k/', 'AKIAEXAMPLE', 'verySecret') ASYNC. Expected one of: SYSTEM query";
        String clean = Redaction.redact(echo, List.of("AKIAEXAMPLE", "verySecret"));
        assertThat(clean).doesNotContain("AKIAEXAMPLE").doesNotContain("verySecret")
                .contains("BACKUP DATABASE `logiq` TO S3(***) ASYNC").contains("Expected one of");
        // an echo cut inside the literal: the rest of the text is hidden, not a prefix of the secret shown
        assertThat(Redaction.redact("failed at: BACKUP DATABASE `x` TO S3('http://h/b/', 'AKIAEX", List.of("AKIAEXAMPLE")))
                .isEqualTo("failed at: BACKUP DATABASE `x` TO S3(***");
        assertThat(Redaction.redact("password pw123 is wrong", List.of("pw123"))).isEqualTo("password *** is wrong");
    }
}
