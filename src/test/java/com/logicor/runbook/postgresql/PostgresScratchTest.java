package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresScratchTest {

    @Test
    void theScratchFolderIsComputedFromTheProcessInstance() {
        assertThat(PostgresRestore.scratchFor("3f2a9c1e-8b7d-11ef-9a1b-0242ac120002"))
                .isEqualTo("/tmp/runbook-restore-3f2a9c1e-8b7d-11ef-9a1b-0242ac120002");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "/",
            "/var/lib/postgresql/data",
            "/tmp/runbook-restore-",
            "/tmp/runbook-restore-x/../../var/lib/postgresql",
            "/tmp/runbook-restore-x/sub",
            "/tmp/runbook-restore-x y",
            "tmp/runbook-restore-x",
    })
    void anyOtherFolderIsRefused(String scratch) {
        assertThatThrownBy(() -> PostgresRestore.requireScratch(scratch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a scratch folder");
    }

    @ParameterizedTest(name = "''{0}'' valid: {1}")
    @CsvSource(delimiter = '|', value = {
            "earth        | true",
            "grafana_db   | true",
            "a-b$c        | true",
            "x; drop      | true",   // one argv word, never in SQL or a shell line: harmless (PostgresDatabaseNameTest)
            "склад        | true",
            "../x         | false",
            "1abc         | true",
            "-x           | false",
    })
    void databaseNamesHaveAStrictForm(String name, boolean valid) {
        if (valid) {
            PostgresRestore.requireName(name);
        } else {
            assertThatThrownBy(() -> PostgresRestore.requireName(name)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
