package com.logicor.runbook.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Drill;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.lab.TestData;
import com.logicor.runbook.minio.MinioDrill;
import com.logicor.runbook.vault.VaultDrill;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.io.InputStream;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** restore-vault (through the API) and restore-minio (volume) on the lab, after data changed since the backup. */
class RestoreVaultAndMinioIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(VaultDrill::new).drill(MinioDrill::new);
    static RunbookApp app;
    static VaultDrill vault;
    static MinioDrill minio;

    @Test
    void vaultSecretsAreBackAsBackedUp() throws Exception {
        Drill drill = Drill.roundTrip(app, vault); // every seeded secret deleted, then back with its data

        assertThat((String) drill.variable("restoreEvidence")).contains("re-verified").contains(drill.backup().id());
        assertThat(app.dataDir().resolve("restore-spool")).isEmptyDirectory();
    }

    @Test
    void minioObjectsAreBackAndLaterOnesGone() throws Exception {
        // a seeded object removed, a later one written; afterwards every object of the bucket as backed up
        Drill drill = Drill.roundTrip(app, minio);
        String pi = drill.processInstanceId();
        BackupRun backup = drill.backup();

        // the current state (with the later object) was backed up before the volume was touched
        assertThat(app.variable(pi, "safetyBackupStatus")).isEqualTo("succeeded");
        BackupRun safety = app.bean(BackupCatalog.class).findRun((String) app.variable(pi, "safetyBackupRunId")).orElseThrow();
        assertThat(safety.triggerKind()).isEqualTo("restore-safety");
        assertThat(safety.components()).containsExactly("minio");
        assertThat(app.bean(BackupCatalog.class).artifactsOfRun(safety.id())).isNotEmpty()
                .allMatch(a -> a.status() == ArtifactStatus.VERIFIED);
        HistoryService history = app.bean(HistoryService.class);
        var safetyStep = history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("call_safety_backup").singleResult();
        var firstDestructive = history.createHistoricActivityInstanceQuery().processInstanceId(pi).activityId("subprocess_restore").singleResult();
        assertThat(safetyStep.getEndTime()).isBeforeOrEqualTo(firstDestructive.getStartTime());
        assertThat(safety.startedAt()).isAfter(backup.finishedAt());

        MinioClient client = minio.client();
        for (JsonNode o : minio.seed().path("objects")) {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(minio.bucket()).object(o.path("key").asText()).build())) {
                assertThat(TestData.sha256Of(in)).as(o.path("key").asText()).isEqualTo(o.path("sha256").asText());
            }
        }
        try {
            client.statObject(StatObjectArgs.builder().bucket(minio.bucket()).object(minio.laterKey()).build());
            throw new AssertionError(minio.laterKey() + " survived the restore");
        } catch (io.minio.errors.ErrorResponseException expected) {
            assertThat(expected.errorResponse().code()).isEqualTo("NoSuchKey");
        }
        Inventory inventory = app.bean(Inventory.class);
        Node node = inventory.component(ComponentId.of("minio")).nodes().get(0);
        assertThat(app.bean(DockerEngines.class).inspect(inventory.engine(node.engine()), node.container()).running()).isTrue();
        assertThat((Long) app.variable(pi, "objectsAfterRestore")).isGreaterThanOrEqualTo(minio.seed().path("objects").size());
    }
}
