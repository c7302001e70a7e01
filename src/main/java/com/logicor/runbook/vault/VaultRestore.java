package com.logicor.runbook.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.VerifiedArtifact;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Vault's raft snapshot restore through the HTTP API on the running, unsealed Vault (the regulation stops the
 * container and then execs into it, which cannot work). The snapshot is uploaded from a local copy whose
 * checksum was checked first; {@code force} uses {@code snapshot-force} (a snapshot of another cluster, whose
 * keys differ). The token comes from the inventory's reference at call time and is never stored.
 */
@Component
public class VaultRestore {

    static final String RESTORE_PATH = "/v1/sys/storage/raft/snapshot";
    static final String FORCE_PATH = "/v1/sys/storage/raft/snapshot-force";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration CALL_LIMIT = Duration.ofSeconds(10);

    private final VaultApi api;

    public VaultRestore(VaultApi api) {
        this.api = api;
    }

    public List<String> plan(ComponentSpec vault, boolean force) {
        Node node = leader(vault);
        List<String> steps = new ArrayList<>();
        steps.add("GET " + VaultApi.baseUri(node) + "/v1/sys/health → initialized, unsealed (Vault must run: a raft restore goes through the API)");
        steps.add("POST " + VaultApi.baseUri(node) + (force ? FORCE_PATH : RESTORE_PATH) + " with the snapshot (from a local copy checked against its sha256), "
                + "X-Vault-Token from " + vault.credentials().token());
        steps.add("check: GET /v1/sys/health answers 200 (active, unsealed) and /v1/sys/seal-status says sealed=false");
        return steps;
    }

    /** The node the API calls go to: the first one (a standby forwards to the active node). */
    Node leader(ComponentSpec vault) {
        return vault.nodes().get(0);
    }

    public String health(ComponentSpec vault) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send(api.request(leader(vault), "/v1/sys/health", CALL_LIMIT).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        if (r.statusCode() != 200 || json.path("sealed").asBoolean(true) || !json.path("initialized").asBoolean(false)) {
            throw new IllegalStateException("Vault is not active and unsealed: sys/health answered " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public void restore(ComponentSpec vault, VerifiedArtifact spooled, boolean force) throws IOException, InterruptedException {
        String path = force ? FORCE_PATH : RESTORE_PATH;
        HttpResponse<String> r = api.send(api.withToken(vault, leader(vault), path, Duration.ofMinutes(30))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of(spooled.location()))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204 && r.statusCode() != 200) {
            throw new IOException("POST " + VaultApi.uri(leader(vault), path) + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    public void checkUnsealed(ComponentSpec vault) throws IOException, InterruptedException {
        health(vault);
        HttpResponse<String> r = api.send(api.request(leader(vault), "/v1/sys/seal-status", CALL_LIMIT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || JSON.readTree(r.body()).path("sealed").asBoolean(true)) {
            throw new IllegalStateException("Vault is sealed after the restore: " + r.body() + " — unseal it with the unseal keys");
        }
    }
}
