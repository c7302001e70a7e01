package com.logicor.runbook.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.storage.BackupStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Before a restore reads an artifact: its catalog row must be what the run's signed manifest says. The catalog
 * sits in a database that more people and programs can write than the signing key; a changed location, size,
 * checksum, component, kind, node or subject (database, table, etcd revision and hash) would point a restore at
 * other data (with a matching checksum) or at another target, so such a row is refused, naming the artifact and
 * every field that differs. A field an older manifest lacks reads as null, as the older row has it. A run without a
 * manifest or signature (older than signed manifests, or never closed) is refused unless
 * {@code runbook.restore.accept-unsigned-manifests} is true — a switch for the migration, not for keeps.
 */
@Component
public class SignedManifestCheck {

    public static final String ACCEPT_UNSIGNED = "runbook.restore.accept-unsigned-manifests";
    private static final Logger log = LoggerFactory.getLogger(SignedManifestCheck.class);
    private static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

    private final BackupCatalog catalog;
    private final BackupStorage storage;
    private final TrustedManifestKeys keys;
    private final ObjectMapper json;
    private final boolean acceptUnsigned;

    public SignedManifestCheck(BackupCatalog catalog, BackupStorage storage, TrustedManifestKeys keys, ObjectMapper json,
                               @Value("${" + ACCEPT_UNSIGNED + ":false}") boolean acceptUnsigned) {
        this.catalog = catalog;
        this.storage = storage;
        this.keys = keys;
        this.json = json;
        this.acceptUnsigned = acceptUnsigned;
    }

    /**
     * Throws {@link UntrustedArtifactException} unless the artifact's catalog row matches its run's signed manifest;
     * returns one line saying what vouched for it (the signing key's fingerprint).
     */
    public String requireMatch(BackupArtifact artifact) {
        String what = describe(artifact);
        BackupRun run = catalog.findRun(artifact.runId())
                .orElseThrow(() -> refused(what, "its backup run " + artifact.runId() + " is not in the catalog"));
        String manifestLocation = run.manifestLocation();
        if (manifestLocation == null) {
            return unsigned(what, "backup run " + run.id() + " has no manifest (a run older than manifests, or never closed)",
                    artifact, null, null);
        }
        String signatureLocation = manifestLocation + ".sig";
        byte[] manifest;
        String signature;
        try {
            manifest = read(manifestLocation);
            signature = storage.exists(signatureLocation) ? new String(read(signatureLocation), StandardCharsets.US_ASCII) : null;
        } catch (IOException | RuntimeException e) {
            throw refused(what, "cannot read the manifest of backup run " + run.id() + " (" + manifestLocation + "): "
                    + e.getMessage(), e);
        }
        if (signature == null) {
            return unsigned(what, "the manifest " + manifestLocation + " has no signature (no .sig beside it)",
                    artifact, manifest, manifestLocation);
        }
        Optional<String> signer = keys.signerOf(manifest, signature);
        if (signer.isEmpty()) {
            throw refused(what, "the signature (.sig) does not verify the manifest " + manifestLocation
                    + " with any trusted key (this runbook's " + keys.ownFingerprint() + " or a *.pub in " + keys.directory()
                    + "): the manifest or its signature was changed, or it was signed by a key that is not trusted here");
        }
        compare(artifact, manifest, "the signed manifest " + manifestLocation);
        return "catalog row matches the manifest signed by key " + signer.get();
    }

    private String unsigned(String what, String why, BackupArtifact artifact, byte[] manifest, String manifestLocation) {
        if (!acceptUnsigned) {
            throw refused(what, why + "; a catalog row without a signed manifest cannot be trusted: restore a newer run, "
                    + "or set " + ACCEPT_UNSIGNED + "=true while migrating");
        }
        log.warn("{}: {}; accepted because {}=true", what, why, ACCEPT_UNSIGNED);
        if (manifest != null) {
            compare(artifact, manifest, "the unsigned manifest " + manifestLocation);
            return "UNSIGNED manifest (the catalog row matches it), accepted by " + ACCEPT_UNSIGNED + "=true";
        }
        return "NO manifest, accepted by " + ACCEPT_UNSIGNED + "=true";
    }

    /** Every checked field of the artifact's row against its entry in the manifest; all differences named at once. */
    private void compare(BackupArtifact artifact, byte[] manifest, String source) {
        String what = describe(artifact);
        JsonNode root;
        try {
            root = json.readTree(manifest);
        } catch (IOException e) {
            throw refused(what, source + " is not JSON: " + e.getMessage(), e);
        }
        if (!artifact.runId().equals(root.path("runId").asText(null))) {
            throw refused(what, source + " is the manifest of backup run " + root.path("runId").asText(null)
                    + ", not of " + artifact.runId());
        }
        JsonNode entry = null;
        for (JsonNode e : root.path("artifacts")) {
            if (artifact.id().equals(e.path("id").asText(null))) entry = e;
        }
        if (entry == null) {
            throw refused(what, source + " has no artifact " + artifact.id());
        }
        Map<String, Object> row = ManifestEntry.of(artifact);
        List<String> fields = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> field : ManifestEntry.CHECKED.entrySet()) {
            String name = field.getKey();
            if (!entry.has(name) && "compression".equals(name)) continue; // manifests before signing did not name it
            JsonNode signed = entry.path(name);
            String expected = signed.isNull() || signed.isMissingNode() ? null : signed.asText();
            Object actual = row.get(name);
            if (!Objects.equals(expected, actual == null ? null : actual.toString())) {
                fields.add(field.getValue());
                differences.add(field.getValue() + " is " + quote(actual) + " in the catalog but " + quote(expected)
                        + " in the manifest");
            }
        }
        if (!differences.isEmpty()) {
            throw refused(what, "its catalog row differs from " + kind(source) + " in " + String.join(", ", fields)
                    + " — the catalog was changed after the backup. " + String.join("; ", differences) + " (" + source + ")");
        }
        if (!"verified".equals(entry.path("status").asText(null))) {
            throw refused(what, source + " records it as " + entry.path("status").asText(null) + ", not verified");
        }
    }

    /** "the signed manifest" or "the unsigned manifest", without the location. */
    private static String kind(String source) {
        return source.startsWith("the unsigned") ? "the unsigned manifest" : "the signed manifest";
    }

    private static String quote(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private byte[] read(String location) throws IOException {
        try (InputStream in = storage.open(location)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) throw new IOException(location + " is larger than a manifest can be");
            return bytes;
        }
    }

    // the engine keeps only the first 666 characters of a failed job's message: the verdict and the reason come first
    private static UntrustedArtifactException refused(String what, String reason) {
        return refused(what, reason, null);
    }

    private static UntrustedArtifactException refused(String what, String reason, Throwable cause) {
        return new UntrustedArtifactException(what + " refused: " + reason + "; nothing was read from the artifact or restored", cause);
    }

    static String describe(BackupArtifact a) {
        return "artifact " + a.id() + " (" + a.component() + " " + a.kind() + " of " + a.node() + ", run " + a.runId() + ")";
    }
}
