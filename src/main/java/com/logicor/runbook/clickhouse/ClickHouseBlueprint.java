package com.logicor.runbook.clickhouse;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestoreInput;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** ClickHouse: config of every node first, then its data, with seed 001's overwrite choice. */
public class ClickHouseBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("clickhouse");
    static final Set<String> DATA_METHODS = Set.of("none", "clickhouse-backup", "native");
    static final String STOP = "stop";
    static final String RESTORE_CONFIG = "restore_config";
    static final String START_AND_CHECK = "start_and_check";
    static final String RESTORE_DATA = "restore_data";
    /** Drop the backed-up databases before restoring them (default false: ClickHouse refuses to restore over tables). */
    static final RestoreInput OVERWRITE = RestoreInput.flag("overwrite", "clickhouse: overwrite existing data (drops the "
            + "backed-up databases before RESTORE / clickhouse-backup --rm); off: ClickHouse refuses to restore over existing tables");
    /** Restore the data too (default: when the inventory backs it up). */
    static final RestoreInput RESTORE_DATA_FLAG = RestoreInput.flag("restoreData", null);
    /** The backup run of the data, when it differs from the config's (data and config follow different schedules). */
    static final RestoreInput DATA_RUN_ID = RestoreInput.text("dataBackupRunId", null);
    /** The data backups the preflight chose (catalog ids). */
    static final RestoreInput DATA_ARTIFACTS = RestoreInput.resolvedList("clickhouseDataArtifacts").approvedAs("dataArtifacts");

    public ClickHouseBlueprint() {
        super(ID, "ClickHouse", 20);
    }

    @Override
    public Set<String> inventoryFields() {
        return Set.of("data_backup");
    }

    @Override
    public List<String> validate(ComponentSpec spec) {
        if (spec.dataBackup() != null && !DATA_METHODS.contains(spec.dataBackup())) {
            return List.of("data_backup: must be one of none, clickhouse-backup, native");
        }
        return List.of();
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint(
                "ClickHouse restore as the regulation orders it, config first, then data: preflight (every node's config archive "
                        + "of one backup run read back and its sha256 checked; the data backups' own metadata found where the "
                        + "catalog says), approval gate, every node stopped, its config folder emptied and unpacked from a locally "
                        + "checked copy, started and checked to answer SQL, then the data restored (clickhouse-backup "
                        + "restore_remote, or native RESTORE DATABASE ... FROM S3) with the overwrite choice of seed 001 (variable "
                        + "overwrite, default false). A failing step takes the finally path that starts the nodes again.",
                "every node is stopped, its config restored, then its data (if data is backed up)",
                List.of(RestorePhase.of(STOP, "Stop ClickHouse on every node"),
                        RestorePhase.of(RESTORE_CONFIG, "Restore the config of every node"),
                        RestorePhase.of(START_AND_CHECK, "Start every node, check it answers SQL"),
                        RestorePhase.of(RESTORE_DATA, "Restore the data").onlyIf(RESTORE_DATA_FLAG.name())),
                "Finally: start ClickHouse again",
                List.of(OVERWRITE, RESTORE_DATA_FLAG, DATA_RUN_ID, DATA_ARTIFACTS)));
    }
}
