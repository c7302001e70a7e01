package com.logicor.runbook.clickhouse;

import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ClickHouse, as the regulation has it: the config of every node ({@code /etc/clickhouse-server/}) always,
 * and the data by {@code data_backup}: {@code none}, {@code clickhouse-backup} (Altinity CLI over SSH) or
 * {@code native} ({@code BACKUP DATABASE … TO S3}). A node or database that fails does not stop the others;
 * the method throws at the end, naming every failure, and what was stored stays verified in the catalog.
 *
 * <p>The regulation backs up config daily and data weekly; {@link #run} does both, {@link #backupConfig} and
 * {@link #backupData} are the two halves for a caller that follows the two schedules.
 */
@Component
public class ClickHouseBackup implements ComponentBackup {

    public static final String DATA_NONE = "none";
    public static final String DATA_CLICKHOUSE_BACKUP = "clickhouse-backup";
    public static final String DATA_NATIVE = "native";

    private final ClickHouseConfigBackup config;
    private final ClickHouseBackupCli cli;
    private final ClickHouseNativeBackup nativeBackup;

    public ClickHouseBackup(ClickHouseConfigBackup config, ClickHouseBackupCli cli, ClickHouseNativeBackup nativeBackup) {
        this.config = config;
        this.cli = cli;
        this.nativeBackup = nativeBackup;
    }

    @Override
    public ComponentId component() {
        return ClickHouseBlueprint.ID;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>(config.plan(component));
        String mode = dataMode(component);
        switch (mode) {
            case DATA_NONE -> steps.add("data: not backed up (data_backup: none)");
            case DATA_CLICKHOUSE_BACKUP -> steps.addAll(cli.plan(component));
            case DATA_NATIVE -> steps.addAll(nativeBackup.plan(component));
            default -> steps.add("data: CANNOT run — unknown data_backup '" + mode + "' (none, clickhouse-backup, native)");
        }
        return steps;
    }

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        ClickHousePart all = backupConfig(component, run);
        all.add(backupData(component, run));
        return finish(component, all);
    }

    /** The config half: a tar of the config paths of every node. */
    public ClickHousePart backupConfig(ComponentSpec component, BackupRunContext run) {
        return config.run(component, run);
    }

    /** The data half, by {@code data_backup}. */
    public ClickHousePart backupData(ComponentSpec component, BackupRunContext run) {
        String mode = dataMode(component);
        ClickHousePart part = switch (mode) {
            case DATA_NONE -> new ClickHousePart();
            case DATA_CLICKHOUSE_BACKUP -> cli.run(component, run);
            case DATA_NATIVE -> nativeBackup.run(component, run);
            default -> {
                ClickHousePart unknown = new ClickHousePart();
                unknown.failures.add(component.id() + " data: unknown data_backup '" + mode + "' (none, clickhouse-backup, native)");
                yield unknown;
            }
        };
        part.measurements.put("dataBackup", mode);
        return part;
    }

    /** Turns a part into the method's result, or throws naming every failure. */
    public static ComponentBackupResult finish(ComponentSpec component, ClickHousePart part) {
        if (!part.failures.isEmpty()) {
            throw new IllegalStateException(component.id() + ": " + part.failures.size() + " failed ("
                    + part.artifacts.size() + " artifact(s) stored and verified): " + String.join("; ", part.failures));
        }
        return new ComponentBackupResult(part.artifacts, part.measurements);
    }

    static String dataMode(ComponentSpec component) {
        return component.dataBackup() == null ? DATA_NONE : component.dataBackup();
    }
}
