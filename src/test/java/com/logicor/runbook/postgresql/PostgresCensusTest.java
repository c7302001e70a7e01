package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The census's parsing of psql's NUL-separated output and its comparison. */
class PostgresCensusTest {

    @Test
    void namesTravelAsArgvWordsNeverInsideSql() {
        assertThat(PostgresCensus.tablesCommand("postgres", "склад")).containsExactly("psql", "-U", "postgres", "-d", "склад",
                "-AtXz0", "-v", "ON_ERROR_STOP=1", "-c", PostgresCensus.TABLES_SQL);
        assertThat(PostgresCensus.TABLES_SQL).contains("%I.%I").doesNotContain("склад");
        assertThat(PostgresCensus.databasesCommand("postgres")).containsExactly("psql", "-U", "postgres", "-d", "postgres",
                "-AtXz0", "-c", "select datname from pg_database where datallowconn and not datistemplate order by datname");
    }

    @Test
    void parsesNulSeparatedOutputWhateverTheNamesHold() {
        // what psql 15 writes for -AtXz0 (checked against a real server): NUL between fields and records, one at the end
        assertThat(PostgresCensus.fields("postgres\0склад\0")).containsExactly("postgres", "склад");
        assertThat(PostgresCensus.fields("postgres\0склад\n")).containsExactly("postgres", "склад");
        assertThat(PostgresCensus.fields("")).isEmpty();
        assertThat(PostgresCensus.parseTables("public\0то вары\0" + "300\0s\0t\twith\nnewline\0" + "0\0"))
                .containsExactly(Map.entry("public.то вары", 300L), Map.entry("s.t\twith\nnewline", 0L));
    }

    @Test
    void missingNamesEveryLoss() {
        Map<String, Map<String, Long>> backup = Map.of(
                "earth", Map.of("public.incidents", 10L, "public.sites", 3L),
                "склад", Map.of("public.товары", 300_000L),
                "grafana", Map.of("public.dashboard", 5L));
        Map<String, Map<String, Long>> now = Map.of(
                "earth", Map.of("public.incidents", 0L, "public.extra", 1L),
                "grafana", Map.of("public.dashboard", 7L));
        assertThat(PostgresCensus.missing(backup, now)).containsExactlyInAnyOrder(
                "table earth/public.incidents has 0 rows, 10 at backup",
                "table earth/public.sites is missing (3 rows at backup)",
                "database склад is missing");
        assertThat(PostgresCensus.missing(backup, backup)).isEmpty();
        assertThat(PostgresCensus.missing(Map.of("a", Map.of()), Map.of("a", Map.of("public.new", 1L)))).isEmpty();
    }

    @Test
    void sqlCountsExactlyAndSkipsSystemSchemas() {
        assertThat(PostgresCensus.TABLES_SQL).contains("count(*)").contains("'pg_catalog', 'information_schema'")
                .contains("not c.relispartition");
        assertThat(List.of(PostgresCensus.MEASUREMENT)).containsExactly("census");
    }
}
