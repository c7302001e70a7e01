package com.logicor.runbook.etcd;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.GuardedStep;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.VerifiedArtifact;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The steps of bpmn/restore-etcd.bpmn ({@code ${etcdRestoreSteps.stopPatroni(execution)}} …): process
 * variables in and out, the work in {@link EtcdRestore}. Every step after the first stop turns a failure into
 * the BPMN error {@value GuardedStep#FAILED}, whose path starts again whatever was stopped and ends the restore as failed.
 */
@Component("etcdRestoreSteps")
public class EtcdRestoreSteps {

    public static final String KEY = "restore-etcd";

    private final GuardedStep guardedStep;
    private final Inventory inventory;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final EtcdRestore restore;

    public EtcdRestoreSteps(Inventory inventory, RestorePreflight preflight, RestoreArtifacts artifacts, EtcdRestore restore, GuardedStep guardedStep) {
        this.guardedStep = guardedStep;
        this.inventory = inventory;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.restore = restore;
    }

    /** Chooses and re-verifies the snapshot, checks the inventory has what a restore needs, plans, holds. */
    public void preflight(DelegateExecution execution) {
        ComponentSpec etcd = etcd();
        List<String> problems = new ArrayList<>();
        for (Node n : etcd.nodes()) {
            if (n.container() == null || n.engine() == null || n.volume() == null) problems.add(n.name() + ": needs engine, container and volume");
            if (n.endpoints().get("client") == null || n.endpoints().get("peer") == null) problems.add(n.name() + ": needs client and peer endpoints");
        }
        if (!problems.isEmpty()) throw new IllegalStateException("etcd restore: " + String.join("; ", problems));
        VerifiedArtifact verified = preflight.chooseAndVerify(execution, ComponentId.ETCD, EtcdSnapshotBackup.KIND, "snapshot");
        String token = EtcdRestore.clusterToken(execution.getProcessInstanceId());
        execution.setVariable("clusterToken", token); // shown to the approver; the restore step computes its own
        preflight.finish(execution, RestorePreflight.evidence(verified) + "\n" + EtcdRestore.recorded(verified.artifact())
                        + "\nmembers: " + EtcdRestore.initialCluster(etcd),
                restore.plan(etcd, postgres(), token));
    }

    public void stopPatroni(DelegateExecution execution) {
        guardedStep.run(execution, () -> remember(execution, "patroniStopped", restore.stop(postgres())));
    }

    public void stopEtcd(DelegateExecution execution) {
        guardedStep.run(execution, () -> remember(execution, "etcdStopped", restore.stop(etcd())));
    }

    public void restoreMembers(DelegateExecution execution) {
        guardedStep.run(execution, () -> restore.restoreMembers(etcd(), artifacts.recall(execution, "snapshot"),
                EtcdRestore.clusterToken(execution.getProcessInstanceId())));
    }

    public void startEtcdAndCheck(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            restore.start(etcd(), etcd().nodes().stream().map(Node::container).toList());
            long keys = restore.awaitHealthyAndCountKeys(etcd());
            if (keys <= 0) throw new IllegalStateException("etcd is healthy but holds no keys after the restore");
            execution.setVariable("keysAfterRestore", keys);
            execution.setVariable("revisionCheck", restore.requireRecordedRevision(etcd(), artifacts.recall(execution, "snapshot").artifact()));
        });
    }

    public void startPatroni(DelegateExecution execution) {
        guardedStep.run(execution, () -> restore.start(postgres(), artifacts.namesOf(execution, "patroniStopped")));
    }

    /** The "finally" path: start again whatever this restore stopped. Its own failure is an incident. */
    public void bringServicesBack(DelegateExecution execution) {
        restore.start(etcd(), artifacts.namesOf(execution, "etcdStopped"));
        restore.start(postgres(), artifacts.namesOf(execution, "patroniStopped"));
    }

    /** Adds to the comma-separated list already recorded: a re-run after a crash must not forget earlier stops. */
    private void remember(DelegateExecution execution, String variable, List<String> names) {
        List<String> all = new ArrayList<>(artifacts.namesOf(execution, variable));
        names.stream().filter(n -> !all.contains(n)).forEach(all::add);
        execution.setVariable(variable, String.join(",", all));
    }

    private ComponentSpec etcd() {
        return inventory.component(ComponentId.ETCD);
    }

    private ComponentSpec postgres() {
        return inventory.component(ComponentId.POSTGRESQL);
    }
}
