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
import com.logicor.runbook.variables.ProcessVariable;
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
    /** In (optional): a node to rebuild although it serves (e.g. its disk is failing). */
    public static final ProcessVariable<String> LOST_NODE = ProcessVariable.text("lostNode");
    /** Out of the check: the nodes this run replaces (empty: nothing lost), whether the ensemble has quorum, the modes. */
    public static final ProcessVariable<List<String>> LOST_NODES = ProcessVariable.list("lostNodes");
    public static final ProcessVariable<Boolean> QUORUM = ProcessVariable.flag("quorum");
    public static final ProcessVariable<String> MODES = ProcessVariable.text("keeperModes");
    /** Which of the lost nodes were running when the first stop came (the finally path starts those again). */
    public static final ProcessVariable<List<String>> WERE_RUNNING = ProcessVariable.list("lostNodesWereRunning");

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
        MODES.set(execution, state.toString());
        QUORUM.set(execution, state.quorum());
        String named = LOST_NODE.getOrDefault(execution, "");
        List<String> lost = named.isBlank() ? state.lost() : List.of(keeper.node(named.strip()).name());
        LOST_NODES.set(execution, lost);
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
            WERE_RUNNING.setIfAbsent(execution, wereRunning); // a retry finds them stopped already: the first answer stands
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
            for (Node n : lost) MODES.set(execution, loss.awaitCaughtUp(keeper(), n).toString());
        });
    }

    /** Finally: a lost node that was running before is started again, whatever state its files are in. */
    public void bringBack(DelegateExecution execution) {
        List<String> wereRunning = WERE_RUNNING.getOrDefault(execution, List.of());
        for (Node n : lostNodes(execution)) {
            if (wereRunning.contains(n.name())) loss.start(keeper(), n);
        }
    }

    private List<Node> lostNodes(DelegateExecution execution) {
        return LOST_NODES.getOrDefault(execution, List.of()).stream().map(keeper()::node).toList();
    }

    private ComponentSpec keeper() {
        return inventory.component(KeeperBlueprint.ID);
    }
}
