package com.logicor.runbook.minio;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.GuardedStep;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.VerifiedArtifact;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The steps of bpmn/restore-minio.bpmn; the work is in {@link MinioRestore}. Steps after preflight turn a
 * failure into the BPMN error RESTORE_FAILED, whose path starts MinIO again if this restore stopped it.
 */
@Component("minioRestoreSteps")
public class MinioRestoreSteps {

    public static final String KEY = "restore-minio";

    private final GuardedStep guardedStep;
    private final Inventory inventory;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ArtifactReader reader;
    private final MinioRestore restore;

    public MinioRestoreSteps(Inventory inventory, RestorePreflight preflight, RestoreArtifacts artifacts, ArtifactReader reader,
                             MinioRestore restore, GuardedStep guardedStep) {
        this.guardedStep = guardedStep;
        this.inventory = inventory;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.reader = reader;
        this.restore = restore;
    }

    public void preflight(DelegateExecution execution) {
        ComponentSpec minio = minio();
        restore.node(minio);
        VerifiedArtifact archive = preflight.chooseAndVerify(execution, ComponentId.MINIO, MinioVolumeBackup.KIND, "volume");
        preflight.finish(execution, RestorePreflight.evidence(archive), restore.plan(minio));
    }

    public void stop(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            boolean wasRunning = restore.stop(minio());
            // a re-run after a crash finds it stopped already: keep the first answer
            if (execution.getVariable("minioWasRunning") == null) execution.setVariable("minioWasRunning", wasRunning);
        });
    }

    public void restoreVolume(DelegateExecution execution) {
        guardedStep.run(execution, () ->
                reader.withLocalCopy(artifacts.recall(execution, "volume"), local -> restore.restoreVolume(minio(), local)));
    }

    public void startAndCheck(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            if (!Boolean.FALSE.equals(execution.getVariable("minioWasRunning"))) restore.start(minio());
            execution.setVariable("objectsAfterRestore", restore.awaitObjects(minio()));
        });
    }

    /** Finally: MinIO runs again if it ran before. */
    public void bringBack(DelegateExecution execution) {
        if (!Boolean.FALSE.equals(execution.getVariable("minioWasRunning"))) restore.start(minio());
    }

    private ComponentSpec minio() {
        return inventory.component(ComponentId.MINIO);
    }
}
