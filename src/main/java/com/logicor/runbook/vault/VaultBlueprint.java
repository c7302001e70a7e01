package com.logicor.runbook.vault;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestoreInput;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Optional;

/** Vault: a raft snapshot restored through its API on the running, unsealed Vault; nothing is stopped. */
public class VaultBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("vault");
    static final String RESTORE_SNAPSHOT = "restore_snapshot";
    static final String CHECK = "check";
    static final RestoreInput FORCE = RestoreInput.flag("force", null);

    public VaultBlueprint() {
        super(ID, "Vault", 60);
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint(
                "Vault restore through the HTTP API on the running, unsealed Vault: preflight (snapshot read back and its sha256 "
                        + "checked, Vault answers), approval gate, the snapshot uploaded from a local copy checked first "
                        + "(force=true: snapshot-force), health and seal state checked. Nothing is stopped; a failing step is "
                        + "retried, then the restore ends failed with the reason.",
                "restored through its API, must be running and unsealed",
                List.of(RestorePhase.of(RESTORE_SNAPSHOT, "Restore the raft snapshot through the API").retrying("R2/PT30S"),
                        RestorePhase.of(CHECK, "Check health and seal state").retrying("R2/PT30S")),
                null,
                List.of(FORCE)));
    }
}
