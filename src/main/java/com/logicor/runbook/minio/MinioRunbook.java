package com.logicor.runbook.minio;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.VerifiedArtifact;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;
import org.springframework.stereotype.Component;

/** MinIO's runbook: its restore phases and its check; the work is in {@link MinioRestore}. */
@Component
public class MinioRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new MinioBlueprint();
    private static final String ARCHIVE = "volume";
    static final ProcessVariable<Long> OBJECTS_AFTER_RESTORE = ProcessVariable.number("objectsAfterRestore");

    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ArtifactReader reader;
    private final MinioRestore restore;

    public MinioRunbook(RestorePreflight preflight, RestoreArtifacts artifacts, ArtifactReader reader, MinioRestore restore) {
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.reader = reader;
        this.restore = restore;
    }

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public String verify(ComponentSpec minio) throws Exception {
        return "minio answers, " + restore.awaitObjects(minio) + " objects";
    }

    @Override
    public RestorePreparation preflight(RestoreContext ctx) {
        restore.node(ctx.spec());
        VerifiedArtifact archive = preflight.chooseAndVerify(ctx.execution(), MinioBlueprint.ID, MinioVolumeBackup.KIND, ARCHIVE);
        return new RestorePreparation(RestorePreflight.evidence(archive), restore.plan(ctx.spec()));
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) throws Exception {
        ComponentSpec minio = ctx.spec();
        switch (phase) {
            case MinioBlueprint.STOP -> {
                if (restore.stop(minio)) ctx.stopped(MinioBlueprint.ID.id()).record(List.of(restore.node(minio).container()));
            }
            case MinioBlueprint.RESTORE_VOLUME ->
                    reader.withLocalCopy(artifacts.recall(ctx.execution(), ARCHIVE), local -> restore.restoreVolume(minio, local));
            case MinioBlueprint.START_AND_CHECK -> {
                bringBack(ctx);
                ctx.set(OBJECTS_AFTER_RESTORE, restore.awaitObjects(minio));
            }
            default -> throw new IllegalArgumentException("minio has no restore phase " + phase);
        }
    }

    /** MinIO runs again if this restore stopped it. */
    @Override
    public void bringBack(RestoreContext ctx) {
        if (!ctx.stopped(MinioBlueprint.ID.id()).names().isEmpty()) restore.start(ctx.spec());
    }
}
