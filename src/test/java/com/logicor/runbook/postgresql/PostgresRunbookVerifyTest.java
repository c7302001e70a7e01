package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recovery's PostgreSQL check: against the restored run's census when known, else the inventory's databases. */
class PostgresRunbookVerifyTest {

    static final String CENSUS = "{\"artifacts\":5,\"measurements\":{\"node\":\"patroni\",\"census\":{"
            + "\"earth\":{\"public.incidents\":10,\"public.sites\":3},\"grafana\":{\"public.dashboard\":5},"
            + "\"склад\":{\"public.товары\":300000}}}}";

    BackupCatalog catalog = mock(BackupCatalog.class);
    DockerEngines docker = mock(DockerEngines.class);
    PostgresPrimary primary = mock(PostgresPrimary.class);
    PostgresRunbook runbook = new PostgresRunbook(catalog, null, null, primary, null, docker, new ObjectMapper());
    ComponentSpec spec = PostgresDumpBackupTest.postgresql(List.of(PostgresDumpBackupTest.node("patroni")));
    /** What the server answers: database → psql -AtXz0 output of the census query. */
    Map<String, String> server = new HashMap<>();
    String databases;

    @BeforeEach
    void fakes() {
        Node node = PostgresDumpBackupTest.node("patroni");
        when(primary.choose(any(), anyBoolean())).thenReturn(new PostgresPrimary.Target(node, null, true));
        when(docker.exec(any(), anyString(), anyList(), any(OutputStream.class), any())).thenAnswer(c -> {
            List<String> command = c.getArgument(2);
            String db = command.get(command.indexOf("-d") + 1);
            String out = command.contains(PostgresCensus.DATABASES_SQL) ? databases : server.get(db);
            if (out == null) return new ExecResult(String.join(" ", command), 2, "", "FATAL: database \"" + db + "\" does not exist", 1);
            ((OutputStream) c.getArgument(3)).write(out.getBytes(StandardCharsets.UTF_8));
            return new ExecResult(String.join(" ", command), 0, "", "", 1);
        });
        when(catalog.outcomesOfRun("run-1")).thenReturn(Map.of("postgresql",
                new BackupCatalog.ComponentOutcome("postgresql", "verified", null, CENSUS)));
        when(catalog.outcomesOfRun("run-old")).thenReturn(Map.of("postgresql",
                new BackupCatalog.ComponentOutcome("postgresql", "verified", null, "{\"artifacts\":4,\"measurements\":{}}")));
        databases = "earth\0grafana\0postgres\0склад\0";
        server.put("earth", "public\0incidents\0" + "12\0public\0sites\0" + "3\0");
        server.put("grafana", "public\0dashboard\0" + "5\0");
        server.put("склад", "public\0товары\0" + "300000\0");
    }

    @Test
    void aRestoredClusterHoldingEverythingOfTheCensusPasses() {
        assertThat(runbook.verify(spec, "run-1")).contains("склад 1 tables 300000 rows").contains("census of backup run run-1");
    }

    @Test
    void aDatabaseMissingAfterTheRestoreFailsNamingIt() {
        databases = "earth\0grafana\0postgres\0";
        assertThatThrownBy(() -> runbook.verify(spec, "run-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("census of backup run run-1").hasMessageContaining("database склад is missing")
                .hasMessageNotContaining("earth").hasMessageNotContaining("grafana");
    }

    @Test
    void aTableWithFewerRowsOrGoneFailsNamingIt() {
        server.put("earth", "public\0incidents\0" + "0\0");
        assertThatThrownBy(() -> runbook.verify(spec, "run-1"))
                .hasMessageContaining("table earth/public.incidents has 0 rows, 10 at backup")
                .hasMessageContaining("table earth/public.sites is missing (3 rows at backup)");
    }

    @Test
    void withoutARunTheInventorysDatabasesMustExistWithTables() {
        assertThat(runbook.verify(spec)).contains("earth 2 tables").contains("grafana 1 tables").contains("the inventory's databases");
        databases = "earth\0postgres\0";
        assertThatThrownBy(() -> runbook.verify(spec, null)).hasMessageContaining("database grafana is missing");
        databases = "earth\0grafana\0";
        server.put("grafana", "");
        assertThatThrownBy(() -> runbook.verify(spec)).hasMessageContaining("database grafana has no tables");
    }

    @Test
    void aRunWithoutACensusFallsBackToTheInventory() {
        databases = "earth\0grafana\0";
        assertThat(runbook.verify(spec, "run-old")).contains("the inventory's databases");
    }
}
