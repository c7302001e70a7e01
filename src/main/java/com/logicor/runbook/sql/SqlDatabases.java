package com.logicor.runbook.sql;

import com.logicor.runbook.inventory.SecretRef;
import com.logicor.runbook.inventory.SecretResolver;
import java.net.URI;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * SQL against a component's database (PostgreSQL under Patroni) through spring-jdbc. Connections are made
 * per use: these are maintenance calls, not a workload that needs a pool.
 */
@Component
public class SqlDatabases {

    private final SecretResolver secrets;

    public SqlDatabases(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /** {@code postgresql://host:port/db} as the inventory writes it, to a JDBC template for {@code database}. */
    public JdbcTemplate postgres(String endpoint, String database, String user, SecretRef password) {
        URI uri = URI.create(endpoint);
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String db = database != null ? database : uri.getPath().replaceFirst("^/", "");
        String url = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + (db.isEmpty() ? "postgres" : db)
                + "?connectTimeout=10&socketTimeout=3600";
        var dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, user,
                password == null ? null : secrets.resolve(password));
        return new JdbcTemplate(dataSource);
    }

    /** {@code select 1}: reachable, authenticated, answering. */
    public void probe(String endpoint, String user, SecretRef password) {
        Integer one = postgres(endpoint, null, user, password).queryForObject("select 1", Integer.class);
        if (one == null || one != 1) {
            throw new IllegalStateException(endpoint + " answered select 1 with " + one);
        }
    }
}
