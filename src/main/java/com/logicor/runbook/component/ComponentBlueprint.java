package com.logicor.runbook.component;

import com.logicor.runbook.inventory.ComponentId;
import java.util.Optional;
import java.util.Set;

/**
 * What a component's runbook is, as data (a Kanister blueprint): its name and labels, its place in the regulation's
 * restore order, its restore as named phases, its inputs and its node-loss play. The BPMN generator
 * ({@code processgen/}) writes {@code restore-<id>.bpmn}, the component's place in the recovery and the recovery's
 * forms from it; the engine runs the phases through the component's {@link ComponentRunbook}. An implementation has a
 * no-argument constructor and no dependencies, so the generator can find it without starting the application.
 */
public interface ComponentBlueprint {

    ComponentId id();

    /** The name operators know it by ("ClickHouse Keeper"), in forms, process names and the console. */
    String label();

    /** Its position in the regulation's restore order: smaller restores first. */
    int restoreOrder();

    /** How it is restored; empty for a component the recovery brings back another way (Ansible: redeploy). */
    Optional<RestoreBlueprint> restore();

    /** The optional inventory fields (snake_case) this component reads beyond the common ones. */
    default Set<String> inventoryFields() {
        return Set.of();
    }

    /** Its own rules for its inventory entry, each {@code field: sentence} or a sentence. */
    default java.util.List<String> validate(com.logicor.runbook.inventory.ComponentSpec spec) {
        return java.util.List.of();
    }

    /** Its node-loss play, where it has one. */
    default Optional<NodeLossPlay> nodeLoss() {
        return Optional.empty();
    }
}
