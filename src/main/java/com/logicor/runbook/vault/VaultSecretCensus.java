package com.logicor.runbook.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How many secrets Vault holds, for the check after a recovery: every KV v2 mount of {@code GET /v1/sys/mounts},
 * its {@code metadata/} tree walked with {@code LIST}. Only names are listed and only counts are kept — no value
 * is read.
 */
@Component
public class VaultSecretCensus {

    /** Enough for a platform's secrets; a walk that goes beyond is reported as "at least". */
    static final int LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration CALL_LIMIT = Duration.ofSeconds(10);

    private final VaultApi api;

    public VaultSecretCensus(VaultApi api) {
        this.api = api;
    }

    /** Secrets per KV v2 mount ("secret/" → 12). */
    public Map<String, Integer> count(ComponentSpec vault) throws IOException, InterruptedException {
        Node node = vault.nodes().get(0);
        JsonNode mounts = get(vault, node, "/v1/sys/mounts", "GET");
        JsonNode table = mounts.has("data") ? mounts.path("data") : mounts;
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> mount = it.next();
            if (mount.getValue().path("type").asText().equals("kv") && mount.getValue().path("options").path("version").asText().equals("2")) {
                counts.put(mount.getKey(), countUnder(vault, node, mount.getKey()));
            }
        }
        return counts;
    }

    private int countUnder(ComponentSpec vault, Node node, String mount) throws IOException, InterruptedException {
        int secretsSeen = 0;
        Deque<String> folders = new ArrayDeque<>();
        folders.add("");
        while (!folders.isEmpty() && secretsSeen < LIMIT) {
            String folder = folders.pop();
            JsonNode listed = get(vault, node, "/v1/" + mount + "metadata/" + folder, "LIST");
            for (JsonNode key : listed.path("data").path("keys")) {
                if (key.asText().endsWith("/")) folders.add(folder + key.asText());
                else secretsSeen++;
            }
        }
        return secretsSeen;
    }

    /** A 404 on LIST is an empty folder (Vault's answer for "no keys"). */
    private JsonNode get(ComponentSpec vault, Node node, String path, String method) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send(api.withToken(vault, node, path, CALL_LIMIT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404 && method.equals("LIST")) return JSON.createObjectNode();
        if (r.statusCode() != 200) throw new IOException(method + " " + VaultApi.uri(node, path) + " answered " + r.statusCode());
        return JSON.readTree(r.body());
    }
}
