package com.logicor.runbook.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.manifest.ManifestEntry;
import com.logicor.runbook.manifest.ManifestSigningKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A closed run's manifest.json: the run (id, stamp, trigger, status, each component's outcome) and every artifact
 * as {@link ManifestEntry} writes it, signed with the runbook's manifest key and stored with its detached signature
 * ({@code manifest.json.sig}) beside it, locally and in S3. The catalog records where; restores trust the signature,
 * not the catalog.
 */
@Component
public class RunManifestWriter {

    private final BackupCatalog catalog;
    private final ArtifactStore store;
    private final ObjectMapper json;
    private final ManifestSigningKey signingKey;

    public RunManifestWriter(BackupCatalog catalog, ArtifactStore store, ObjectMapper json, ManifestSigningKey signingKey) {
        this.catalog = catalog;
        this.store = store;
        this.json = json;
        this.signingKey = signingKey;
    }

    /** Writes, signs and stores the manifest of {@code run} and records its location; returns the location. */
    public String write(BackupRun run, String stamp, String status, Map<String, Object> outcomes) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("runId", run.id());
        manifest.put("stamp", stamp);
        manifest.put("trigger", run.triggerKind());
        manifest.put("requestedBy", run.requestedBy());
        manifest.put("startedAt", run.startedAt().toString());
        manifest.put("status", status);
        manifest.put("components", outcomes);
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (BackupArtifact a : catalog.artifactsOfRun(run.id())) {
            artifacts.add(ManifestEntry.of(a));
        }
        manifest.put("artifacts", artifacts);
        manifest.put("signingKey", signingKey.fingerprint());
        // the signature is over exactly these bytes; whoever verifies reads the stored file, never a re-serialization
        byte[] content = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        String location = store.storeManifest(stamp, run.id(), content, signingKey.sign(content));
        catalog.recordManifest(run.id(), location);
        return location;
    }
}
