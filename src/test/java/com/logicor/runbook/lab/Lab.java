package com.logicor.runbook.lab;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.InventoryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The lab started by {@code scripts/lab up}: its inventory and settings. Integration tests call
 * {@link #require()} first: without a lab they skip with a message on a developer machine, and fail under
 * {@code CI=true}, where a missing server is a broken build, never a silent skip.
 */
public final class Lab {

    private static Lab instance;

    private final Path dir;
    private final Map<String, String> env;
    private final Inventory inventory;

    private Lab(Path dir) {
        this.dir = dir;
        this.env = readEnv(dir.resolve("lab.env"));
        this.inventory = new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).load(inventoryFile(dir));
    }

    public static synchronized Lab require() {
        if (instance != null) return instance;
        Path dir = Path.of(System.getenv().getOrDefault("RUNBOOK_LAB_DIR", "/var/lib/runbook-lab"));
        if (!Files.isRegularFile(inventoryFile(dir))) {
            String message = "the lab is not up (" + inventoryFile(dir) + " is missing): run 'sudo scripts/lab up'";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " — under CI=true a missing lab fails the build");
            }
            Assumptions.abort(message);
        }
        instance = new Lab(dir);
        return instance;
    }

    private static Path inventoryFile(Path dir) {
        return dir.resolve("inventory.yml");
    }

    public Path dir() {
        return dir;
    }

    public Path inventoryFile() {
        return inventoryFile(dir);
    }

    public Inventory inventory() {
        return inventory;
    }

    public String env(String key) {
        String value = env.get(key);
        if (value == null) fail("lab.env has no " + key);
        return value;
    }

    public Path secret(String name) {
        return dir.resolve("secrets").resolve(name);
    }

    /** The secret's value, without the file's trailing newline. */
    public String secretText(String name) {
        try {
            return Files.readString(secret(name)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What scripts/lab seeded ({@code seed.json}, read afresh: a reseed rewrites it). */
    public JsonNode seed() {
        try {
            return new ObjectMapper().readTree(dir.resolve("seed.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What scripts/lab seeded for one component. */
    public JsonNode seed(String section) {
        return seed().path(section);
    }

    /**
     * Waits until something accepts TCP connections on 127.0.0.1:{@code port}: a container started again by a test
     * is not listening yet when its start returns, and the next test must not race it. A listening port is not yet a
     * serving server: prefer {@link LabServices#awaitServing}.
     */
    public static void awaitPort(int port, java.time.Duration limit) {
        org.awaitility.Awaitility.await("something listens on 127.0.0.1:" + port).atMost(limit)
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> LabServices.listens(port));
    }

    /** {@code scripts/lab up}: brings the lab back to its seeded state (after a test that destroys data), every server serving. */
    public static void reseed() throws Exception {
        Process p = new ProcessBuilder(Path.of("scripts/lab").toAbsolutePath().toString(), "up").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("scripts/lab up could not reseed the lab:\n" + out.substring(Math.max(0, out.length() - 4000)));
        }
        LabServices.awaitAllServing(java.time.Duration.ofMinutes(2));
    }

    private static Map<String, String> readEnv(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return values;
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) continue;
                String key = l.substring(0, l.indexOf('=')).replaceFirst("^export\\s+", "");
                String value = l.substring(l.indexOf('=') + 1).replaceAll("^[\"']|[\"']$", "");
                values.put(key, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
