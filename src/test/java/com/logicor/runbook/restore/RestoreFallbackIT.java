package com.logicor.runbook.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.manifest.ManifestSigningKey;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fallback and quarantine on the lab: an etcd backup (the cheapest component) to the lab's S3 server and local storage,
 * then its S3 object is overwritten with damaged bytes. The restore-etcd dry run's preflight passes from the local
 * copy, its evidence says so, the catalog marks the S3 copy damaged and the signed manifest still vouches for the row;
 * with the local copy damaged too, the preflight fails naming both. The objects and marks are put back afterwards.
 */
class RestoreFallbackIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp();
    static Lab lab;
    static RunbookApp app;

    @Test
    void aDamagedS3CopyFallsBackToTheLocalCopyAndBothDamagedFailNamingBoth() throws Exception {
        BackupRun run = app.backUp("etcd");
        BackupArtifact a = snapshotOf(run);
        ObjectStorage s3 = app.bean(BackupStorage.class).remote().orElseThrow();
        String key = a.remoteLocation().substring(("s3://" + s3.bucket() + "/").length());
        byte[] stored = read(s3, key);
        Path localFile = Path.of(a.localLocation());
        byte[] local = Files.readAllBytes(localFile);
        JdbcTemplate jdbc = app.bean(JdbcTemplate.class);
        try {
            s3.put(key, new ByteArrayInputStream(flipped(stored)), "application/octet-stream");

            String pi = app.start("restore-etcd", Map.of("backupRunId", run.id(), "dryRun", true));
            assertThat(app.awaitEnd(pi, Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_dry_run");
            String evidence = (String) app.variable(pi, "restoreEvidence");
            assertThat(evidence).contains("S3 copy damaged (sha256 mismatch: " + a.remoteLocation() + " has sha256 ")
                    .contains("using the local copy, which matched")
                    .contains(": " + a.localLocation() + ", ")
                    .contains("catalog row matches the manifest signed by key " + app.bean(ManifestSigningKey.class).fingerprint());
            BackupArtifact after = app.bean(BackupCatalog.class).findArtifact(a.id()).orElseThrow();
            assertThat(after.remoteDamage()).startsWith("sha256 mismatch: " + a.remoteLocation());
            assertThat(after.localDamage()).isNull();

            Files.write(localFile, flipped(local));
            Incident incident = refusedDryRun(run.id());
            // both named near the start: the engine keeps only the first 666 characters of an incident's message
            assertThat(incident.getIncidentMessage()).contains("artifact " + a.id())
                    .contains("no copy passed its check (S3 copy quarantined (sha256 mismatch), local copy damaged (sha256 mismatch))")
                    .contains("S3 copy is quarantined as damaged (sha256 mismatch: " + a.remoteLocation());
            BackupArtifact both = app.bean(BackupCatalog.class).findArtifact(a.id()).orElseThrow();
            assertThat(both.localDamage()).startsWith("sha256 mismatch: " + a.localLocation());
            assertThat(app.bean(BackupCatalog.class).retainedArtifacts("etcd")).extracting(BackupArtifact::id)
                    .as("every copy damaged: no longer a verified backup to choose").doesNotContain(a.id());
        } finally {
            s3.put(key, new ByteArrayInputStream(stored), "application/octet-stream");
            Files.write(localFile, local);
            jdbc.update("update runbook_backup_artifact set local_damaged_at = null, local_damage = null, "
                    + "remote_damaged_at = null, remote_damage = null where id = ?", a.id());
        }
    }

    static byte[] flipped(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x5a;
        return copy;
    }

    static BackupArtifact snapshotOf(BackupRun run) {
        return app.bean(BackupCatalog.class).artifactsOfRun(run.id()).stream().filter(x -> x.remoteLocation() != null)
                .findFirst().orElseThrow();
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

    static byte[] read(ObjectStorage s3, String key) throws Exception {
        try (InputStream in = s3.get(key)) {
            return in.readAllBytes();
        }
    }
}
