package com.logicor.runbook.keeper;

import com.logicor.runbook.catalog.BackupArtifact;
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
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The steps of bpmn/restore-keeper.bpmn; the work is in {@link KeeperRestore}. Every node is restored from
 * the same backup run (one moment for the whole quorum); steps after the stop take the finally path on failure.
 */
@Component("keeperRestoreSteps")
public class KeeperRestoreSteps {

    public static final String KEY = "restore-keeper";

    private final GuardedStep guardedStep;
    private final Inventory inventory;
    private final ArtifactReader reader;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final KeeperRestore restore;

    public KeeperRestoreSteps(Inventory inventory, ArtifactReader reader, RestorePreflight preflight,
                              RestoreArtifacts artifacts, KeeperRestore restore, GuardedStep guardedStep) {
        this.guardedStep = guardedStep;
        this.inventory = inventory;
        this.reader = reader;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.restore = restore;
    }

    public void preflight(DelegateExecution execution) {
        ComponentSpec keeper = keeper();
        java.util.Map<String, BackupArtifact> chosen = preflight.newestCompleteRun(execution, ComponentId.KEEPER, KeeperBackup.KIND,
                keeper.nodes().stream().map(Node::name).toList());
        List<String> evidence = new ArrayList<>();
        chosen.forEach((node, a) -> evidence.add(node + ": " + RestorePreflight.evidence(preflight.verifyAndHold(execution, node, a))));
        preflight.finish(execution, String.join("\n", evidence), restore.plan(keeper));
    }

    public void stop(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            List<String> stopped = restore.stopAll(keeper());
            if (execution.getVariable("keeperWasRunning") == null) execution.setVariable("keeperWasRunning", String.join(",", stopped));
        });
    }

    public void restoreNodes(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            for (Node n : keeper().nodes()) {
                reader.withLocalCopy(artifacts.recall(execution, n.name()), local -> restore.restoreNode(keeper(), n, local));
            }
        });
    }

    public void startAndCheck(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            restore.startAll(keeper(), artifacts.namesOf(execution, "keeperWasRunning"));
            execution.setVariable("quorum", String.join(", ", restore.awaitQuorum(keeper())));
        });
    }

    public void bringBack(DelegateExecution execution) {
        restore.startAll(keeper(), artifacts.namesOf(execution, "keeperWasRunning"));
    }

    private ComponentSpec keeper() {
        return inventory.component(ComponentId.KEEPER);
    }
}
