package com.logicor.runbook.vault;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.VerifiedArtifact;
import org.springframework.stereotype.Component;

/** Vault's runbook: the snapshot restore through the API and its check; the work is in {@link VaultRestore}. */
@Component
public class VaultRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new VaultBlueprint();
    private static final String SNAPSHOT = "snapshot";

    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ArtifactReader reader;
    private final VaultRestore restore;
    private final VaultSecretCensus secrets;

    public VaultRunbook(RestorePreflight preflight, RestoreArtifacts artifacts, ArtifactReader reader, VaultRestore restore,
                        VaultSecretCensus secrets) {
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.reader = reader;
        this.restore = restore;
        this.secrets = secrets;
    }

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public String verify(ComponentSpec vault) throws Exception {
        restore.checkUnsealed(vault);
        return "vault active and unsealed, secrets per KV mount " + secrets.count(vault);
    }

    @Override
    public RestorePreparation preflight(RestoreContext ctx) throws Exception {
        ComponentSpec vault = ctx.spec();
        VerifiedArtifact snapshot = preflight.chooseAndVerify(ctx.execution(), VaultBlueprint.ID, VaultRaftSnapshotBackup.KIND, SNAPSHOT);
        restore.health(vault);
        return new RestorePreparation(RestorePreflight.evidence(snapshot) + "\ntarget: " + restore.leader(vault).name(),
                restore.plan(vault, ctx.isTrue(VaultBlueprint.FORCE.asFlag())));
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) throws Exception {
        switch (phase) {
            case VaultBlueprint.RESTORE_SNAPSHOT -> reader.withLocalCopy(artifacts.recall(ctx.execution(), SNAPSHOT),
                    local -> restore.restore(ctx.spec(), local, ctx.isTrue(VaultBlueprint.FORCE.asFlag())));
            case VaultBlueprint.CHECK -> restore.checkUnsealed(ctx.spec());
            default -> throw new IllegalArgumentException("vault has no restore phase " + phase);
        }
    }
}
