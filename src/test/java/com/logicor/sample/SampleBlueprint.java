package com.logicor.sample;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestoreInput;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Optional;

/**
 * An eighth component that exists only in tests, outside {@code com.logicor.runbook}: it proves that adding a
 * component is its own package, an inventory entry and nothing else (docs/architecture.md, "How to add a component").
 */
public class SampleBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("sample");
    public static final String STOP = "stop";
    public static final String RESTORE_DATA = "restore_data";
    public static final String START_AND_CHECK = "start_and_check";
    /** Asked in the recovery's assessment and frozen by the approval. */
    public static final RestoreInput WIPE = RestoreInput.flag("wipe", "sample: wipe the store before restoring");

    public SampleBlueprint() {
        super(ID, "Sample store", 35); // between etcd (30) and PostgreSQL (40)
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint("A test component: stop, restore, start and check.", "stopped while restored",
                List.of(RestorePhase.of(STOP, "Stop the sample store"),
                        RestorePhase.of(RESTORE_DATA, "Restore its data"),
                        RestorePhase.of(START_AND_CHECK, "Start it, check it")),
                "Finally: start the sample store again",
                List.of(WIPE)));
    }
}
