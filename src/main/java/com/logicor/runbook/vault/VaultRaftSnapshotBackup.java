package com.logicor.runbook.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.FirstNode;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Vault: a raft snapshot through Vault's HTTP API, {@code GET /v1/sys/storage/raft/snapshot}, the body streamed
 * straight into the store. The regulation runs {@code vault operator raft snapshot save} inside the container,
 * so its file lands in the container, not in the backup folder; the API needs no CLI in the container and no
 * file anywhere. The snapshot is stored as it comes ({@link Compression#NONE}): a Vault raft snapshot is
 * already a gzip archive, and so is the lab stand-in's.
 */
@Component
public class VaultRaftSnapshotBackup implements ComponentBackup {

    static final String KIND = "raft-snapshot";
    static final String FILE = "vault_snapshot.snap";
    static final String SNAPSHOT_PATH = "/v1/sys/storage/raft/snapshot";

    // Until the response headers arrive: Vault answers once it has started writing the snapshot.
    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(5);
    private static final int ERROR_TEXT_LIMIT = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArtifactStore store;
    private final VaultApi api;

    public VaultRaftSnapshotBackup(ArtifactStore store, VaultApi api) {
        this.store = store;
        this.api = api;
    }

    @Override
    public ComponentId component() {
        return VaultBlueprint.ID;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        Node first = component.nodes().get(0);
        String uri;
        try {
            uri = VaultApi.uri(first, SNAPSHOT_PATH).toString();
        } catch (IllegalArgumentException e) {
            uri = "<" + first.name() + ": " + e.getMessage() + ">";
        }
        steps.add("GET " + uri + " with header X-Vault-Token: <token from " + tokenRef(component)
                + ">  (Vault's API; nothing runs in the container, nothing is written there)");
        steps.add("200: the body streamed to " + KIND + " artifact " + FILE
                + " as is (already gzip-compressed), sha256, S3 + local copy, read back");
        steps.add("any other status fails with the status and Vault's error text"
                + (component.nodes().size() > 1 ? "; then the same request to the next node: "
                + String.join(", ", component.nodes().stream().skip(1).map(Node::name).toList()) : ""));
        return steps;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        if (component.credentials() == null || component.credentials().token() == null) {
            throw new IllegalStateException("vault: the inventory names no credentials.token for the snapshot");
        }
        return FirstNode.gives(component, "node", "a raft snapshot", node -> snapshotFrom(component, node, run));
    }

    private ComponentBackupResult snapshotFrom(ComponentSpec component, Node node, BackupRunContext run) throws FirstNode.Skip {
        URI uri;
        try {
            uri = VaultApi.uri(node, SNAPSHOT_PATH);
        } catch (IllegalArgumentException e) {
            throw new FirstNode.Skip(e.getMessage());
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = api.send(api.withToken(component, node, SNAPSHOT_PATH, HEADERS_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new FirstNode.Skip("GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("vault/" + node.name() + ": interrupted while asking for the snapshot", e);
        }
        if (response.statusCode() != 200) {
            String redirect = response.headers().firstValue("Location").map(l -> " (redirect to " + l + ", not followed)").orElse("");
            throw new FirstNode.Skip("GET " + uri + " answered " + response.statusCode() + ": " + errorText(response) + redirect);
        }
        AtomicLong bytes = new AtomicLong();
        OptionalLong expected = response.headers().firstValueAsLong("Content-Length");
        ArtifactRequest request = ArtifactRequest.of(run, component, node.name(), KIND, FILE).withCompression(Compression.NONE);
        StoredArtifact artifact = store.store(request, out -> {
            try (InputStream body = response.body()) {
                bytes.set(body.transferTo(out));
            }
            if (expected.isPresent() && expected.getAsLong() != bytes.get()) {
                throw new IOException("the snapshot ended after " + bytes.get() + " of " + expected.getAsLong() + " bytes");
            }
            if (bytes.get() == 0) {
                throw new IOException("Vault answered 200 with an empty snapshot");
            }
        });
        Map<String, Object> measurements = new LinkedHashMap<>();
        measurements.put("node", node.name());
        measurements.put("endpoint", uri.toString());
        measurements.put("snapshotBytes", bytes.get());
        measurements.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return new ComponentBackupResult(List.of(artifact), measurements);
    }

    private static String tokenRef(ComponentSpec component) {
        return component.credentials() == null || component.credentials().token() == null
                ? "<missing credentials.token>" : component.credentials().token().toString();
    }

    /** Vault's {@code {"errors":[...]}} joined, else the start of the body; the body is always drained. */
    private static String errorText(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            byte[] head = body.readNBytes(ERROR_TEXT_LIMIT);
            String text = new String(head, StandardCharsets.UTF_8).strip();
            try {
                JsonNode errors = JSON.readTree(text).get("errors");
                if (errors != null && errors.isArray()) {
                    List<String> messages = new ArrayList<>();
                    errors.forEach(e -> messages.add(e.asText()));
                    return messages.isEmpty() ? "(no error text)" : String.join("; ", messages);
                }
            } catch (IOException | RuntimeException notJson) {
                // fall through to the raw text
            }
            return text.isEmpty() ? "(no error text)" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
        } catch (IOException e) {
            return "(error text unreadable: " + e.getMessage() + ")";
        }
    }
}
