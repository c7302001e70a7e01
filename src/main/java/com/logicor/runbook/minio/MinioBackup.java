package com.logicor.runbook.minio;

import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one registered backup method of MinIO. Two ways exist — the regulation's stop → volume archive → start
 * ({@code volume}, the default) and a copy through the S3 API without downtime ({@code online}) — and the
 * inventory has no field to choose yet, so {@code runbook.backup.minio-mode} does (for the whole site). An
 * unknown mode stops the start-up.
 */
@Component
public class MinioBackup implements ComponentBackup {

    public static final String VOLUME = "volume";
    public static final String ONLINE = "online";

    private final String mode;
    private final MinioBackupMethod method;

    public MinioBackup(MinioVolumeBackup volume, MinioOnlineBackup online,
                       @Value("${runbook.backup.minio-mode:volume}") String mode) {
        this.mode = mode == null ? "" : mode.strip().toLowerCase();
        this.method = switch (this.mode) {
            case VOLUME -> volume;
            case ONLINE -> online;
            default -> throw new IllegalArgumentException("runbook.backup.minio-mode is '" + mode + "'; use " + VOLUME
                    + " (stop, archive the volume, start) or " + ONLINE + " (copy through the S3 API, no downtime)");
        };
    }

    public String mode() {
        return mode;
    }

    @Override
    public ComponentId component() {
        return MinioBlueprint.ID;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        steps.add("mode " + mode + " (runbook.backup.minio-mode)");
        steps.addAll(method.plan(component));
        return steps;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        ComponentBackupResult result = method.run(component, run);
        Map<String, Object> measurements = new LinkedHashMap<>(result.measurements());
        measurements.put("mode", mode);
        return new ComponentBackupResult(result.artifacts(), measurements);
    }
}
