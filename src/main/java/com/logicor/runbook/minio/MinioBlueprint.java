package com.logicor.runbook.minio;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Optional;

/** MinIO: restored by stopping it and unpacking its volume archive. */
public class MinioBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("minio");
    static final String STOP = "stop";
    static final String RESTORE_VOLUME = "restore_volume";
    static final String START_AND_CHECK = "start_and_check";

    public MinioBlueprint() {
        super(ID, "MinIO", 50);
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint(
                "MinIO volume restore, the regulation with its gaps closed: preflight (volume archive read back and its sha256 "
                        + "checked), approval gate, the archive copied and checked locally, MinIO stopped, the volume emptied and "
                        + "unpacked from the archive (extended attributes kept), MinIO started and its S3 API and objects checked. "
                        + "A failing step takes the finally path that starts MinIO again.",
                "stopped while its volume is restored",
                List.of(RestorePhase.of(STOP, "Stop MinIO"),
                        RestorePhase.of(RESTORE_VOLUME, "Empty the volume and unpack the archive"),
                        RestorePhase.of(START_AND_CHECK, "Start MinIO, check the S3 API and objects")),
                "Finally: start MinIO again",
                List.of()));
    }
}
