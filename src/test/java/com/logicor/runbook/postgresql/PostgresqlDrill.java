package com.logicor.runbook.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's drill: every seeded table's checksum (seed.json's SQL) per database.table. The incident drops one
 * database and empties a table of another.
 */
public final class PostgresqlDrill implements ComponentDrill {

    private final Lab lab;

    public PostgresqlDrill(Lab lab) {
        this.lab = lab;
    }

    @Override
    public String component() {
        return "postgresql";
    }

    @Override
    public String restoreProcess() {
        return "restore-postgresql";
    }

    @Override
    public List<String> servers() {
        return List.of("patroni");
    }

    /** Every seeded table's checksum, per database.table ("unreadable: …" for a database that is gone). */
    @Override
    public Map<String, String> fingerprint() throws Exception {
        Map<String, String> sums = new TreeMap<>();
        for (var db : (Iterable<Map.Entry<String, JsonNode>>) () -> lab.seed("postgresql").path("databases").fields()) {
            for (var table : (Iterable<Map.Entry<String, JsonNode>>) () -> db.getValue().path("tables").fields()) {
                String key = db.getKey() + "." + table.getKey();
                try (Connection c = connect(db.getKey()); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(table.getValue().path("checksum_sql").asText())) {
                    rs.next();
                    sums.put(key, rs.getString(1));
                } catch (SQLException e) {
                    sums.put(key, "unreadable: " + e.getSQLState());
                }
            }
        }
        return sums;
    }

    @Override
    public void destroy() throws Exception {
        try (Connection admin = connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE grafana WITH (FORCE)");
        }
        try (Connection earth = connect("earth"); Statement s = earth.createStatement()) {
            s.execute("DELETE FROM incidents");
        }
    }

    public Connection connect(String db) throws SQLException {
        // the URL's database part is URL-decoded by the driver: encoded, a name like склад arrives as it is
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:15432/" + URLEncoder.encode(db, StandardCharsets.UTF_8),
                "postgres", lab.secretText("postgres-password"));
    }
}
