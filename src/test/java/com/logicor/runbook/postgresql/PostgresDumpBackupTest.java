package com.logicor.runbook.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretRef;
import com.logicor.runbook.lab.Records;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.command.ShellQuote;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan as an operator reads it in history: the exact commands, never the password. */
class PostgresDumpBackupTest {

    static final String PASSWORD = "pg-Secret-Value-42";

    final PostgresDumpBackup backup = new PostgresDumpBackup(null, null, null);

    static ComponentSpec postgresql(List<Node> nodes) {
        var credentials = Records.of(ComponentSpec.Credentials.class, Map.of("user", "postgres",
                "password", SecretRef.ofEnv("POSTGRES_PASSWORD")));
        return Records.of(ComponentSpec.class, Map.of("id", "postgresql", "nodes", nodes, "credentials", credentials,
                "databases", List.of("earth", "grafana")));
    }

    static Node node(String name) {
        return Records.of(Node.class, Map.of("name", name, "engine", "docker-1", "container", name,
                "volume", "logiq_patroni-data"));
    }

    @Test
    void planDumpsEverythingTheRestoreNeeds() {
        assertThat(backup.component()).isEqualTo(com.logicor.runbook.inventory.ComponentId.of("postgresql"));
        String note = " (stdout streamed, compressed with the run's compression; a non-zero exit fails the artifact)";
        assertThat(backup.plan(postgresql(List.of(node("patroni"))))).containsExactly(
                "pick the primary among patroni (container patroni on engine docker-1): docker exec patroni "
                        + "psql -U postgres -d postgres -AtX -c 'select pg_is_in_recovery()'"
                        + "  → f = primary; a replica only if no primary answers",
                "list the databases: docker exec patroni psql -U postgres -d postgres -AtXz0 -c 'select datname from pg_database "
                        + "where datallowconn and not datistemplate order by datname'  → every one is dumped; the inventory's "
                        + "earth, grafana must be among them",
                "census per database: docker exec patroni " + ShellQuote.join(PostgresCensus.tablesCommand("postgres", "<database>")
                        .toArray(String[]::new)) + "  → its user tables and exact row counts, recorded as the measurement census",
                "docker exec patroni pg_dumpall -U postgres  → dumpall artifact full_backup.sql" + note,
                "docker exec patroni pg_dumpall -U postgres --globals-only  → globals artifact globals.sql" + note,
                "docker exec patroni pg_dump -U postgres -Fc -Z0 earth  → dump artifact earth.dump" + note,
                "docker exec patroni pg_dump -U postgres -Fc -Z0 grafana  → dump artifact grafana.dump" + note,
                "no password is passed: local connections inside the container as postgres; nothing is written inside "
                        + "the container");
    }

    @Test
    void everyExistingDatabaseIsDumpedTheInventorysAreTheMinimum() {
        ComponentBackupResult.Builder result = ComponentBackupResult.builder();
        List<String> chosen = PostgresDumpBackup.databasesToDump(postgresql(List.of(node("patroni"))),
                List.of("earth", "grafana", "postgres", "склад", "zeta"), result);
        assertThat(chosen).containsExactly("earth", "grafana", "склад", "zeta");
        assertThat(result.build("x").measurements()).isEmpty();
        assertThat(PostgresDumpBackup.dumps(postgresql(List.of(node("patroni"))), chosen))
                .filteredOn(d -> "склад".equals(d.database())).singleElement()
                .satisfies(d -> {
                    assertThat(d.command()).containsExactly("pg_dump", "-U", "postgres", "-Fc", "-Z0", "склад");
                    assertThat(d.fileName()).isEqualTo("склад.dump");
                    assertThat(d.kind()).isEqualTo("dump");
                });
    }

    @Test
    void aListedDatabaseThatDoesNotExistFailsTheBackupLoudly() {
        ComponentBackupResult.Builder result = ComponentBackupResult.builder();
        List<String> chosen = PostgresDumpBackup.databasesToDump(postgresql(List.of(node("patroni"))), List.of("earth", "склад"), result);
        assertThat(chosen).containsExactly("earth", "склад");
        assertThatThrownBy(() -> result.build("postgresql")).hasMessageContaining(
                "database 'grafana' is listed in the inventory but does not exist (the server has: earth, склад)");
    }

    @Test
    void aNameTheRestoreRefusesIsNotDumpedOnItsOwnAndFailsTheBackup() {
        ComponentBackupResult.Builder result = ComponentBackupResult.builder();
        List<String> chosen = PostgresDumpBackup.databasesToDump(postgresql(List.of(node("patroni"))),
                List.of("earth", "grafana", "../evil", "bad\nname"), result);
        assertThat(chosen).containsExactly("earth", "grafana");
        assertThatThrownBy(() -> result.build("postgresql")).hasMessageContaining("'../evil' has a name the restore refuses")
                .hasMessageContaining("only inside full_backup.sql");
    }

    @Test
    void planNeverShowsThePassword() {
        String plan = String.join("\n", backup.plan(postgresql(List.of(node("patroni-1"), node("patroni-2")))));
        assertThat(plan).doesNotContain(PASSWORD, "PGPASSWORD", "POSTGRES_PASSWORD")
                .contains("docker exec <primary's container> pg_dumpall -U postgres  →");
    }

    @Test
    void userDefaultsToPostgres() {
        ComponentSpec noCredentials = Records.of(ComponentSpec.class, Map.of("id", "postgresql", "nodes", List.of(node("patroni"))));
        assertThat(PostgresDumpBackup.dumps(noCredentials)).extracting(PostgresDumpBackup.Dump::command).containsExactly(
                List.of("pg_dumpall", "-U", "postgres"), List.of("pg_dumpall", "-U", "postgres", "--globals-only"));
    }
}
