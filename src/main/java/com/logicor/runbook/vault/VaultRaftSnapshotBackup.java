package com.logicor.runbook.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretRef;
import com.logicor.runbook.inventory.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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

    private static final Logger log = LoggerFactory.getLogger(VaultRaftSnapshotBackup.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // Until the response headers arrive: Vault answers once it has started writing the snapshot.
    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(5);
    private static final int ERROR_TEXT_LIMIT = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArtifactStore store;
    private final SecretResolver secrets;
    private final HttpClient http;

    @Autowired
    public VaultRaftSnapshotBackup(ArtifactStore store, SecretResolver secrets) {
        // Redirects are not followed: a standby's 307 would carry the token to whatever host it names.
        this(store, secrets, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public VaultRaftSnapshotBackup(ArtifactStore store, SecretResolver secrets, HttpClient http) {
        this.store = store;
        this.secrets = secrets;
        this.http = http;
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
            uri = snapshotUri(first);
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
        SecretRef tokenRef = component.credentials() == null ? null : component.credentials().token();
        if (tokenRef == null) {
            throw new IllegalStateException("vault: the inventory names no credentials.token for the snapshot");
        }
        List<String> failures = new ArrayList<>();
        for (Node node : component.nodes()) {
            URI uri;
            try {
                uri = URI.create(snapshotUri(node));
            } catch (IllegalArgumentException e) {
                failures.add(node.name() + ": " + e.getMessage());
                continue;
            }
            long start = System.nanoTime();
            HttpResponse<InputStream> response;
            try {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT)
                        .header("X-Vault-Token", secrets.resolve(tokenRef)).GET().build();
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                failures.add(node.name() + ": GET " + uri + " failed: " + e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("vault/" + node.name() + ": interrupted while asking for the snapshot", e);
            }
            if (response.statusCode() != 200) {
                String redirect = response.headers().firstValue("Location").map(l -> " (redirect to " + l + ", not followed)").orElse("");
                failures.add(node.name() + ": GET " + uri + " answered " + response.statusCode() + ": " + errorText(response) + redirect);
                log.warn("vault/{}: no snapshot: {}", node.name(), failures.get(failures.size() - 1));
                continue;
            }
            AtomicLong bytes = new AtomicLong();
            OptionalLong expected = response.headers().firstValueAsLong("Content-Length");
            StoredArtifact artifact = store.store(run, component, node.name(), KIND, FILE, Compression.NONE, out -> {
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
            if (!failures.isEmpty()) measurements.put("skippedNodes", String.join("; ", failures));
            return new ComponentBackupResult(List.of(artifact), measurements);
        }
        throw new IllegalStateException("vault: no node gave a raft snapshot: " + String.join("; ", failures));
    }

    static String snapshotUri(Node node) {
        return baseUri(node) + SNAPSHOT_PATH;
    }

    /** The node's API address without a trailing slash: its {@code http} (or {@code https}) endpoint. */
    static String baseUri(Node node) {
        String base = node.endpoints().getOrDefault("http", node.endpoints().get("https"));
        if (base == null) {
            throw new IllegalArgumentException("no 'http' endpoint in the inventory");
        }
        return base.replaceAll("/+$", "");
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
