package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The restore's name check: any identifier that stays one plain argv word, unicode included; nothing that is not. */
class PostgresDatabaseNameTest {

    static Stream<String> accepted() {
        return Stream.of("earth", "grafana", "склад", "Склад_2024", "日本語", "データベース", "my db", "a-b", "a$b", "_x",
                "2024_reports", "it's", "a\"b", "semi;colon", "$(reboot)", "`id`", "a*b", "ä".repeat(31) /* 62 bytes */,
                "x".repeat(63), "é", "postgres", "émoji😀",
                "postgresql:x" /* not a URI libpq reads: that needs "//" */);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("x".repeat(64), "longer than 63 bytes"),
                Arguments.of("я".repeat(32), "longer than 63 bytes"), // 64 bytes of UTF-8, 32 characters
                Arguments.of("nul\0byte", "control character U+0000"),
                Arguments.of("new\nline", "control character U+000A"),
                Arguments.of("tab\there", "control character U+0009"),
                Arguments.of("c\rr", "control character U+000D"),
                Arguments.of("esc\u001b[31m", "control character U+001B"),
                Arguments.of("del\u007f", "control character U+007F"),
                Arguments.of("c1\u0085", "control character U+0085"),
                Arguments.of(" lead", "white space"),
                Arguments.of("trail ", "white space"),
                Arguments.of("\u00a0nbsp", "white space"),
                Arguments.of("ideo\u3000", "white space"),
                Arguments.of("zero\u200bwidth", "U+200B"),
                Arguments.of("rtl\u202eoverride", "U+202E"),
                Arguments.of("line\u2028sep", "U+2028"),
                Arguments.of("-force", "leading '-'"),
                Arguments.of("--help", "leading '-'"),
                Arguments.of("../etc", "path separator"),
                Arguments.of("a/b", "path separator"),
                Arguments.of("a\\b", "path separator"),
                Arguments.of("dbname=postgres", "connection string"),
                Arguments.of("host=evil port=1", "connection string"),
                Arguments.of("lone\ud800surrogate", "U+D800"));
    }

    @ParameterizedTest(name = "accepted: {0}")
    @MethodSource("accepted")
    void accepted(String name) {
        assertThat(PostgresRestore.nameProblem(name)).isNull();
        PostgresRestore.requireName(name);
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("refused")
    void refused(String name, String why) {
        assertThat(PostgresRestore.nameProblem(name)).contains(why);
        assertThatThrownBy(() -> PostgresRestore.requireName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a database name this runbook restores").hasMessageNotContaining("\0")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "URI refused: {0}")
    @MethodSource("uris")
    void connectionUrisAreRefused(String name) {
        assertThat(PostgresRestore.nameProblem(name)).isNotNull();
    }

    static Stream<String> uris() {
        return Stream.of("postgresql://evil", "postgres://evil", "POSTGRESQL://x");
    }
}
