package com.logicor.runbook.vault;

import com.logicor.runbook.approval.DestructiveStepGuard;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.VerifiedArtifact;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The steps of bpmn/restore-vault.bpmn; the work is in {@link VaultRestore}. */
@Component("vaultRestoreSteps")
public class VaultRestoreSteps {

    public static final String KEY = "restore-vault";

    private final DestructiveStepGuard guard;
    private final Inventory inventory;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ArtifactReader reader;
    private final VaultRestore restore;

    public VaultRestoreSteps(Inventory inventory, RestorePreflight preflight, RestoreArtifacts artifacts, ArtifactReader reader,
                             VaultRestore restore, DestructiveStepGuard guard) {
        this.guard = guard;
        this.inventory = inventory;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.reader = reader;
        this.restore = restore;
    }

    public void preflight(DelegateExecution execution) throws Exception {
        ComponentSpec vault = vault();
        VerifiedArtifact snapshot = preflight.chooseAndVerify(execution, ComponentId.VAULT, VaultRaftSnapshotBackup.KIND, "snapshot");
        restore.health(vault);
        preflight.finish(execution, RestorePreflight.evidence(snapshot) + "\ntarget: " + restore.leader(vault).name(),
                restore.plan(vault, force(execution)));
    }

    public void restoreSnapshot(DelegateExecution execution) throws Exception {
        guard.require(execution);
        reader.withLocalCopy(artifacts.recall(execution, "snapshot"), local -> restore.restore(vault(), local, force(execution)));
    }

    public void check(DelegateExecution execution) throws Exception {
        restore.checkUnsealed(vault());
    }

    private static boolean force(DelegateExecution execution) {
        return Boolean.TRUE.equals(execution.getVariable("force"));
    }

    private ComponentSpec vault() {
        return inventory.component(ComponentId.VAULT);
    }
}
