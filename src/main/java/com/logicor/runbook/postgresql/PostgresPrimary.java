package com.logicor.runbook.postgresql;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the PostgreSQL node to work through: the primary (the Patroni leader) when one answers — a dump then
 * sees the newest data, a restore writes where replicas follow — and, for reading only, a replica otherwise.
 */
@Component
public class PostgresPrimary {

    static final String DEFAULT_USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresPrimary.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final Inventory inventory;
    private final DockerEngines docker;

    public PostgresPrimary(Inventory inventory, DockerEngines docker) {
        this.inventory = inventory;
        this.docker = docker;
    }

    /** A node with its engine, and whether it is the primary. */
    public record Target(Node node, DockerEngine engine, boolean primary) {}

    /** The primary; a replica only if {@code replicaWillDo} and no primary answers. */
    public Target choose(ComponentSpec component, boolean replicaWillDo) {
        List<String> failures = new ArrayList<>();
        Target replica = null;
        for (Node node : component.nodes()) {
            if (node.engine() == null || node.container() == null) {
                failures.add(node.name() + ": not in a container (this runbook reaches PostgreSQL by docker exec)");
                continue;
            }
            try {
                DockerEngine engine = inventory.engine(node.engine());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ExecResult result = docker.exec(engine, node.container(), roleCommand(userOf(component)), out, CHECK_TIMEOUT);
                result.requireSuccess();
                String answer = out.toString(StandardCharsets.UTF_8).strip();
                if ("f".equals(answer)) return new Target(node, engine, true);
                if ("t".equals(answer)) {
                    if (replica == null) replica = new Target(node, engine, false);
                    failures.add(node.name() + ": a replica");
                } else {
                    failures.add(node.name() + ": pg_is_in_recovery() answered '" + answer + "'");
                }
            } catch (RuntimeException e) {
                failures.add(node.name() + ": " + e.getMessage());
            }
        }
        if (replica != null && replicaWillDo) {
            log.warn("postgresql: no primary answered ({}); using replica {}", String.join("; ", failures), replica.node().name());
            return replica;
        }
        throw new IllegalStateException("postgresql: no primary answered: " + String.join("; ", failures));
    }

    static List<String> roleCommand(String user) {
        return List.of("psql", "-U", user, "-d", "postgres", "-AtX", "-c", "select pg_is_in_recovery()");
    }

    static String userOf(ComponentSpec component) {
        return component.credentials() != null && component.credentials().user() != null
                ? component.credentials().user() : DEFAULT_USER;
    }
}
