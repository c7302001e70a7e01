package com.logicor.runbook.clickhouse;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.GuardedStep;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The steps of bpmn/restore-clickhouse.bpmn: config first (every node from one backup run, like Keeper), then
 * the data when the inventory backs it up and {@code restoreData} is not false, with seed 001's
 * {@code overwrite} (default false). The work is in {@link ClickHouseConfigRestore} and {@link ClickHouseDataRestore}.
 */
@Component("clickhouseRestoreSteps")
public class ClickHouseRestoreSteps {

    public static final String KEY = "restore-clickhouse";
    public static final String VAR_OVERWRITE = "overwrite";
    public static final String VAR_RESTORE_DATA = "restoreData";
    /** Optional: the backup run of the data (data and config follow different schedules). */
    public static final String VAR_DATA_RUN_ID = "dataBackupRunId";
    static final String VAR_DATA_ARTIFACTS = "clickhouseDataArtifacts";
    static final String VAR_DATA_DONE = "clickhouseDataRestored";
    static final String VAR_WAS_RUNNING = "clickhouseWasRunning";

    private final GuardedStep guardedStep;
    private final Inventory inventory;
    private final BackupCatalog catalog;
    private final ArtifactReader reader;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ClickHouseConfigRestore config;
    private final ClickHouseDataRestore data;

    public ClickHouseRestoreSteps(Inventory inventory, BackupCatalog catalog, ArtifactReader reader, RestorePreflight preflight,
                                  RestoreArtifacts artifacts, ClickHouseConfigRestore config, ClickHouseDataRestore data, GuardedStep guardedStep) {
        this.guardedStep = guardedStep;
        this.inventory = inventory;
        this.catalog = catalog;
        this.reader = reader;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.config = config;
        this.data = data;
    }

    public void preflight(DelegateExecution execution) {
        ComponentSpec ch = clickhouse();
        Map<String, BackupArtifact> configs = preflight.newestCompleteRun(execution, ComponentId.CLICKHOUSE,
                ClickHouseConfigBackup.KIND, ch.nodes().stream().map(Node::name).toList());
        List<String> evidence = new ArrayList<>();
        configs.forEach((node, a) -> evidence.add(node + ": " + RestorePreflight.evidence(preflight.verifyAndHold(execution, node, a))));

        boolean overwrite = Boolean.TRUE.equals(execution.getVariable(VAR_OVERWRITE));
        execution.setVariable(VAR_OVERWRITE, overwrite);
        boolean restoreData = ClickHouseDataRestore.backedUp(ch) && !Boolean.FALSE.equals(execution.getVariable(VAR_RESTORE_DATA));
        execution.setVariable(VAR_RESTORE_DATA, restoreData);
        List<String> plan = new ArrayList<>(config.plan(ch));
        if (restoreData) {
            List<BackupArtifact> chosen = data.choose(ch, (String) execution.getVariable(VAR_DATA_RUN_ID));
            for (BackupArtifact a : chosen) {
                evidence.add(a.node() + ": " + data.check(ch, a));
                catalog.hold(a.id(), execution.getProcessInstanceId(), "restore " + execution.getProcessInstanceId());
            }
            execution.setVariable(VAR_DATA_ARTIFACTS, String.join(",", chosen.stream().map(BackupArtifact::id).toList()));
            plan.addAll(data.plan(ch, chosen, overwrite));
        } else {
            plan.add(ClickHouseDataRestore.backedUp(ch) ? "data: not restored (restoreData=false)"
                    : "data: not restored — the inventory does not back ClickHouse data up (data_backup: none)");
        }
        preflight.finish(execution, String.join("\n", evidence), plan);
    }

    public void stop(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            List<String> stopped = config.stopAll(clickhouse());
            // a re-run after a crash must not forget what was running before the first stop
            if (execution.getVariable(VAR_WAS_RUNNING) == null) execution.setVariable(VAR_WAS_RUNNING, String.join(",", stopped));
        });
    }

    public void restoreConfig(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            for (Node n : clickhouse().nodes()) {
                reader.withLocalCopy(artifacts.recall(execution, n.name()), local -> config.restoreNode(clickhouse(), n, local));
            }
        });
    }

    public void startAndCheck(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            config.startAll(clickhouse(), artifacts.namesOf(execution, VAR_WAS_RUNNING));
            execution.setVariable("clickhouseServing", String.join(", ", config.awaitServing(clickhouse())));
        });
    }

    /** Each data artifact once: one restored before a crash is not restored again. */
    public void restoreData(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            boolean overwrite = Boolean.TRUE.equals(execution.getVariable(VAR_OVERWRITE));
            List<String> done = new ArrayList<>(artifacts.namesOf(execution, VAR_DATA_DONE));
            List<String> outcomes = new ArrayList<>();
            for (String id : artifacts.namesOf(execution, VAR_DATA_ARTIFACTS)) {
                if (done.contains(id)) continue;
                BackupArtifact a = catalog.findArtifact(id).orElseThrow(() -> new IllegalStateException("artifact " + id + " left the catalog"));
                outcomes.add(a.node() + ": " + data.restore(clickhouse(), a, overwrite));
                done.add(id);
                execution.setVariable(VAR_DATA_DONE, String.join(",", done));
            }
            execution.setVariable("clickhouseDataOutcome", String.join("\n", outcomes));
        });
    }

    public void bringBack(DelegateExecution execution) {
        config.startAll(clickhouse(), artifacts.namesOf(execution, VAR_WAS_RUNNING));
    }

    private ComponentSpec clickhouse() {
        return inventory.component(ComponentId.CLICKHOUSE);
    }
}
