package com.logicor.runbook.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Signed manifests on the lab: etcd backups (the cheapest component) to the lab's S3 server and local storage, then
 * restore-etcd dry runs — the preflight every restore shares. Untampered, the preflight passes and its evidence names
 * the signing key; a catalog row changed after the backup (pointed at another run's snapshot with that snapshot's
 * size and checksum, or with one field changed) is refused at the preflight naming the artifact and the field, before
 * anything is read or held; so is a run whose signature in S3 was changed or removed.
 */
class SignedManifestIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp();
    static Lab lab;
    static RunbookApp app;

    @Test
    void theSignedManifestIsStoredInS3AndLocallyAndListsEveryArtifactAsTheCatalogDoes() throws Exception {
        BackupRun run = app.backUp("etcd");
        ObjectStorage s3 = s3();
        String key = keyOf(run.manifestLocation());
        assertThat(s3.stat(key)).isPresent();
        assertThat(s3.stat(key + ".sig")).isPresent();
        byte[] manifest = read(s3, key);
        String signature = new String(read(s3, key + ".sig"), StandardCharsets.US_ASCII);
        String own = app.bean(ManifestSigningKey.class).fingerprint();
        assertThat(app.bean(TrustedManifestKeys.class).signerOf(manifest, signature)).contains(own);
        assertThat(app.dataDir().resolve("signing/manifest-ed25519.key")).exists();

        JsonNode json = JSON.readTree(manifest);
        assertThat(json.path("runId").asText()).isEqualTo(run.id());
        assertThat(json.path("signingKey").asText()).isEqualTo(own);
        String stamp = json.path("stamp").asText();
        Path local = Path.of(lab.inventory().storage().local().root(), "runs", stamp + "-" + run.id());
        assertThat(Files.readAllBytes(local.resolve("manifest.json"))).isEqualTo(manifest);
        assertThat(Files.readString(local.resolve("manifest.json.sig")).strip()).isEqualTo(signature.strip());

        List<BackupArtifact> artifacts = app.bean(BackupCatalog.class).artifactsOfRun(run.id());
        assertThat(json.path("artifacts")).hasSize(artifacts.size());
        BackupArtifact a = artifacts.get(0);
        JsonNode entry = json.path("artifacts").get(0);
        assertThat(entry.path("id").asText()).isEqualTo(a.id());
        assertThat(entry.path("component").asText()).isEqualTo("etcd");
        assertThat(entry.path("kind").asText()).isEqualTo(a.kind());
        assertThat(entry.path("node").asText()).isEqualTo(a.node());
        assertThat(entry.path("remote").asText()).isEqualTo(a.remoteLocation()).startsWith("s3://");
        assertThat(entry.path("local").asText()).isEqualTo(a.localLocation());
        assertThat(entry.path("sizeBytes").asLong()).isEqualTo(a.sizeBytes());
        assertThat(entry.path("sha256").asText()).isEqualTo(a.sha256());
        assertThat(entry.path("compression").asText()).isEqualTo("zstd");
    }

    @Test
    void anUntamperedRunPassesThePreflight() throws Exception {
        BackupRun run = app.backUp("etcd");
        String pi = dryRun(run);
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_dry_run");
        assertThat((String) app.variable(pi, "restoreEvidence"))
                .contains("catalog row matches the manifest signed by key " + app.bean(ManifestSigningKey.class).fingerprint());
    }

    @Test
    void aRowPointedAtAnotherRunsSnapshotWithItsChecksumIsRefusedByThePreflight() throws Exception {
        BackupArtifact chosen = snapshotOf(app.backUp("etcd"));
        BackupArtifact other = snapshotOf(app.backUp("etcd"));
        JdbcTemplate jdbc = app.bean(JdbcTemplate.class);
        jdbc.update("update runbook_backup_artifact set remote_location = ?, local_location = ?, size_bytes = ?, sha256 = ? where id = ?",
                other.remoteLocation(), other.localLocation(), other.sizeBytes(), other.sha256(), chosen.id());
        try {
            Incident incident = refusedDryRun(chosen.runId());
            assertThat(incident.getIncidentMessage()).contains("artifact " + chosen.id())
                    .contains("refused: its catalog row differs from the signed manifest in remote_location, local_location")
                    .contains("remote_location is '" + other.remoteLocation() + "' in the catalog but '" + chosen.remoteLocation());
            // an unchanged etcd gives byte-identical snapshots: then only the locations differ, and that alone is refused
            if (!other.sha256().equals(chosen.sha256())) {
                assertThat(incident.getIncidentMessage()).contains("local_location, size_bytes, sha256");
            }
            assertThat(app.bean(BackupCatalog.class).isHeld(chosen.id())).as("nothing held, nothing read").isFalse();
        } finally {
            jdbc.update("update runbook_backup_artifact set remote_location = ?, local_location = ?, size_bytes = ?, sha256 = ? where id = ?",
                    chosen.remoteLocation(), chosen.localLocation(), chosen.sizeBytes(), chosen.sha256(), chosen.id());
        }
        String pi = dryRun(app.bean(BackupCatalog.class).findRun(chosen.runId()).orElseThrow());
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(3)).getEndActivityId()).as("the row put back").isEqualTo("end_dry_run");
    }

    @Test
    void eachFieldChangedAloneIsRefusedByThePreflightAndNamed() throws Exception {
        BackupArtifact a = snapshotOf(app.backUp("etcd"));
        JdbcTemplate jdbc = app.bean(JdbcTemplate.class);
        Map<String, Object[]> changes = Map.of(
                "sha256", new Object[] {"00".repeat(32), a.sha256()},
                "size_bytes", new Object[] {a.sizeBytes() - 1, a.sizeBytes()},
                "remote_location", new Object[] {a.remoteLocation().replace(".zst", ".gz"), a.remoteLocation()},
                "node", new Object[] {"etcd-elsewhere", a.node()});
        for (var change : changes.entrySet()) {
            String column = change.getKey();
            jdbc.update("update runbook_backup_artifact set " + column + " = ? where id = ?", change.getValue()[0], a.id());
            try {
                Incident incident = refusedDryRun(a.runId());
                assertThat(incident.getIncidentMessage()).as(column).contains("artifact " + a.id())
                        .contains(column + " is '" + change.getValue()[0] + "' in the catalog but '" + change.getValue()[1] + "'");
            } finally {
                jdbc.update("update runbook_backup_artifact set " + column + " = ? where id = ?", change.getValue()[1], a.id());
            }
        }
    }

    @Test
    void aChangedOrMissingSignatureInS3IsRefused() throws Exception {
        BackupRun run = app.backUp("etcd");
        ObjectStorage s3 = s3();
        String sigKey = keyOf(run.manifestLocation()) + ".sig";
        byte[] signature = read(s3, sigKey);
        byte[] raw = java.util.Base64.getDecoder().decode(new String(signature, StandardCharsets.US_ASCII).strip());
        raw[10] ^= 0x01;
        s3.put(sigKey, new ByteArrayInputStream(java.util.Base64.getEncoder().encode(raw)), "text/plain");
        try {
            assertThat(refusedDryRun(run.id()).getIncidentMessage()).contains(snapshotOf(run).id())
                    .contains("does not verify the manifest " + run.manifestLocation());
            s3.delete(sigKey);
            assertThat(refusedDryRun(run.id()).getIncidentMessage()).contains("has no signature")
                    .contains(SignedManifestCheck.ACCEPT_UNSIGNED + "=true");
        } finally {
            s3.put(sigKey, new ByteArrayInputStream(signature), "text/plain");
        }
        assertThat(app.awaitEnd(dryRun(run), Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_dry_run");
    }

    // ---- helpers ----

    static BackupArtifact snapshotOf(BackupRun run) {
        return app.bean(BackupCatalog.class).artifactsOfRun(run.id()).stream().filter(a -> a.remoteLocation() != null)
                .findFirst().orElseThrow();
    }

    static String dryRun(BackupRun run) {
        return app.start("restore-etcd", Map.of("backupRunId", run.id(), "dryRun", true));
    }

    /** A dry run of restore-etcd for the run, which must end in an incident at the preflight; the instance is then removed. */
    static Incident refusedDryRun(String runId) {
        String pi = app.start("restore-etcd", Map.of("backupRunId", runId, "dryRun", true));
        RuntimeService runtime = app.bean(RuntimeService.class);
        Incident i = await("an incident in " + pi).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).count()).as("refused, not ended").isOne();
            return runtime.createIncidentQuery().processInstanceId(pi).singleResult();
        }, java.util.Objects::nonNull);
        assertThat(i.getActivityId()).isEqualTo("service_preflight");
        runtime.deleteProcessInstance(pi, "test done");
        return i;
    }

    static ObjectStorage s3() {
        return app.bean(BackupStorage.class).remote().orElseThrow();
    }

    static String keyOf(String s3Location) {
        return s3Location.substring(("s3://" + s3().bucket() + "/").length());
    }

    static byte[] read(ObjectStorage s3, String key) throws Exception {
        try (InputStream in = s3.get(key)) {
            return in.readAllBytes();
        }
    }
}
