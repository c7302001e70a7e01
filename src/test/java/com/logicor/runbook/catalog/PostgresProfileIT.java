package com.logicor.runbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.RunbookApplication;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.sql.SqlDatabases;
import java.nio.file.Path;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The "postgres" profile: engine and catalog in a scratch database on the lab's PostgreSQL 15, with the same
 * migrations and catalog behaviour as on H2.
 */
class PostgresProfileIT {

    @TempDir
    Path dataDir;

    @Test
    void engineAndCatalogRunOnPostgresql() {
        Lab lab = Lab.require();
        ComponentSpec pg = lab.inventory().component(com.logicor.runbook.inventory.ComponentId.of("postgresql"));
        String endpoint = pg.nodes().get(0).endpoints().get("postgres");
        SecretResolver secrets = new SecretResolver();
        JdbcTemplate admin = new SqlDatabases(secrets).postgres(endpoint, "postgres", pg.credentials().user(),
                pg.credentials().password());
        String database = "runbook_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin.execute("create database " + database);
        try {
            java.net.URI uri = java.net.URI.create(endpoint);
            String url = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + database;
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class)
                    .profiles("postgres")
                    .run("--server.port=0", "--runbook.data-dir=" + dataDir, "--runbook.inventory=" + lab.inventoryFile(),
                            "--RUNBOOK_DB_URL=" + url, "--RUNBOOK_DB_USER=" + pg.credentials().user(),
                            "--RUNBOOK_DB_PASSWORD=" + secrets.resolve(pg.credentials().password()),
                            "--runbook.admin.password=pg-profile-test", "--camunda.bpm.job-execution.enabled=false")) {
                assertThat(app.getBean(RepositoryService.class).createProcessDefinitionQuery()
                        .processDefinitionKey("inventory-check").count()).isEqualTo(1);
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
                BackupCatalogTest.exercise(app.getBean(BackupCatalog.class), jdbc);
            }
        } finally {
            admin.execute("drop database if exists " + database + " with (force)");
        }
    }
}
