package com.logicor.runbook.component;

import com.logicor.runbook.inventory.ComponentId;

/** The identity every blueprint has — id, label, place in the restore order — so a blueprint states only its own parts. */
public abstract class BlueprintBase implements ComponentBlueprint {

    private final ComponentId id;
    private final String label;
    private final int restoreOrder;

    protected BlueprintBase(ComponentId id, String label, int restoreOrder) {
        this.id = id;
        this.label = label;
        this.restoreOrder = restoreOrder;
    }

    @Override
    public final ComponentId id() {
        return id;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final int restoreOrder() {
        return restoreOrder;
    }
}
