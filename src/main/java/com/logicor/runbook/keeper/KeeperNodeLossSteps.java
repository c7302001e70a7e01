package com.logicor.runbook.keeper;

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
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The steps of bpmn/keeper-node-loss.bpmn; the work is in {@link KeeperNodeLoss}. Lost nodes are those whose
 * srvr does not answer leader/follower, or the one named in {@code lostNode} (a node that serves but must be
 * rebuilt, e.g. its disk is failing).
 */
@Component("keeperNodeLossSteps")
public class KeeperNodeLossSteps {

    public static final String KEY = "keeper-node-loss";
    public static final String VAR_LOST_NODE = "lostNode";
    static final String VAR_LOST_NODES = "lostNodes";
    static final String VAR_QUORUM = "quorum";
    static final String VAR_WAS_RUNNING = "lostNodesWereRunning";

    private final GuardedStep guardedStep;
    private final Inventory inventory;
    private final BackupCatalog catalog;
    private final ArtifactReader reader;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final KeeperNodeLoss loss;

    public KeeperNodeLossSteps(Inventory inventory, BackupCatalog catalog, ArtifactReader reader, RestorePreflight preflight,
                               RestoreArtifacts artifacts, KeeperNodeLoss loss, GuardedStep guardedStep) {
        this.guardedStep = guardedStep;
        this.inventory = inventory;
        this.catalog = catalog;
        this.reader = reader;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.loss = loss;
    }

    /** Quorum check; with quorum also the replacement's preflight (each lost node's archive read back) and plan. */
    public void checkQuorum(DelegateExecution execution) {
        ComponentSpec keeper = keeper();
        KeeperNodeLoss.QuorumState state = loss.check(keeper);
        execution.setVariable("keeperModes", state.toString());
        execution.setVariable(VAR_QUORUM, state.quorum());
        String named = (String) execution.getVariable(VAR_LOST_NODE);
        List<String> lost = named == null || named.isBlank() ? state.lost() : List.of(keeper.node(named.strip()).name());
        execution.setVariable(VAR_LOST_NODES, String.join(",", lost));
        if (!state.quorum()) {
            preflight.finish(execution, "no quorum: " + state, List.of("no quorum (" + state
                    + ") → restore-keeper: every node stopped and restored from one backup run"));
            return;
        }
        List<String> evidence = new ArrayList<>(List.of("quorum: " + state));
        List<String> plan = new ArrayList<>();
        for (String name : lost) {
            Node n = keeper.node(name);
            BackupArtifact newest = catalog.retainedArtifacts(KeeperBlueprint.ID.id()).stream()
                    .filter(a -> a.kind().equals(KeeperBackup.KIND) && a.node().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no verified keeper archive of " + name
                            + " in the catalog: its server_id and raft_configuration cannot be brought back"));
            evidence.add(name + ": " + RestorePreflight.evidence(preflight.verifyAndHold(execution, name, newest)));
            plan.addAll(loss.plan(keeper, n, KeeperBackup.fileName(n)));
        }
        preflight.finish(execution, String.join("\n", evidence), plan);
    }

    public void stopLost(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            List<String> wereRunning = new ArrayList<>();
            for (Node n : lostNodes(execution)) {
                if (loss.stop(keeper(), n)) wereRunning.add(n.name());
            }
            if (execution.getVariable(VAR_WAS_RUNNING) == null) execution.setVariable(VAR_WAS_RUNNING, String.join(",", wereRunning));
        });
    }

    public void replaceConfig(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            for (Node n : lostNodes(execution)) {
                reader.withLocalCopy(artifacts.recall(execution, n.name()), local -> loss.replaceConfig(keeper(), n, local));
            }
        });
    }

    public void startAndCatchUp(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            List<Node> lost = lostNodes(execution);
            for (Node n : lost) loss.start(keeper(), n);
            for (Node n : lost) execution.setVariable("keeperModes", loss.awaitCaughtUp(keeper(), n).toString());
        });
    }

    /** Finally: a lost node that was running before is started again, whatever state its files are in. */
    public void bringBack(DelegateExecution execution) {
        List<String> wereRunning = com.logicor.runbook.variables.ProcessVariable.list(VAR_WAS_RUNNING).getOrDefault(execution, List.of());
        for (Node n : lostNodes(execution)) {
            if (wereRunning.contains(n.name())) loss.start(keeper(), n);
        }
    }

    private List<Node> lostNodes(DelegateExecution execution) {
        return com.logicor.runbook.variables.ProcessVariable.list(VAR_LOST_NODES).getOrDefault(execution, List.of()).stream().map(keeper()::node).toList();
    }

    private ComponentSpec keeper() {
        return inventory.component(KeeperBlueprint.ID);
    }
}
