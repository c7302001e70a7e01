package com.logicor.runbook.keeper;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeper's drill: every node's seeded coordination files and config; the incident deletes the one and breaks the other. */
public final class KeeperDrill implements ComponentDrill {

    private final Lab lab;

    public KeeperDrill(Lab lab) {
        this.lab = lab;
    }

    @Override
    public String component() {
        return "keeper";
    }

    @Override
    public String restoreProcess() {
        return "restore-keeper";
    }

    @Override
    public List<String> servers() {
        return List.of("keeper");
    }

    /** sha256 of every seeded coordination and config file of every node ("missing" when gone), keyed node/file. */
    @Override
    public Map<String, String> fingerprint() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (var node : nodes()) {
            Path root = lab.dir().resolve(node.getKey());
            for (String section : new String[] {"files", "config_sha256"}) {
                for (var file : (Iterable<String>) () -> node.getValue().path(section).fieldNames()) {
                    Path p = root.resolve(file);
                    if (!Files.exists(p)) {
                        out.put(node.getKey() + "/" + file, "missing");
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(p)) {
                        out.put(node.getKey() + "/" + file, TestData.sha256Of(in));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void destroy() throws Exception {
        for (var node : nodes()) {
            Path root = lab.dir().resolve(node.getKey());
            for (var file : (Iterable<String>) () -> node.getValue().path("files").fieldNames()) {
                Files.deleteIfExists(root.resolve(file));
            }
            for (var file : (Iterable<String>) () -> node.getValue().path("config_sha256").fieldNames()) {
                Files.writeString(root.resolve(file), "<clickhouse><!-- broken by the drill --></clickhouse>");
            }
        }
    }

    private Iterable<Map.Entry<String, JsonNode>> nodes() {
        JsonNode seed = lab.seed("keeper");
        return seed::fields;
    }
}
