package com.logicor.runbook.component;

import com.logicor.runbook.inventory.ComponentSpec;
import java.util.List;

/**
 * A component's runbook, one Spring bean per component in its own package and registered in
 * {@link ComponentRunbooks}: the behaviour behind its {@link ComponentBlueprint}. The generated
 * {@code restore-<id>} process calls {@link #preflight}, then {@link #runPhase} for each phase of the blueprint, and
 * {@link #bringBack} on its finally path — all through {@code restore.RestoreSteps}, which finds the component's
 * inventory entry, builds the {@link RestoreContext} and passes every phase through the approval guard. Its backup
 * methods are {@code backup.ComponentBackup} beans, registered the same way.
 */
public interface ComponentRunbook {

    ComponentBlueprint blueprint();

    /**
     * The recovery's check of this component (one line: what it holds), or null when it has none. Throws when the
     * component does not answer or holds nothing.
     */
    default String verify(ComponentSpec spec) throws Exception {
        return null;
    }

    /**
     * As {@link #verify(ComponentSpec)}, after a restore from backup run {@code restoredRun} (null when the component was
     * not restored or the run is not known): a runbook that recorded what the run held compares with it.
     */
    default String verify(ComponentSpec spec, String restoredRun) throws Exception {
        return verify(spec);
    }

    /** Chooses and re-verifies the artifacts, checks the target, plans. Touches nothing; the same in a dry run. */
    default RestorePreparation preflight(RestoreContext restore) throws Exception {
        throw new UnsupportedOperationException(blueprint().id() + " has no restore");
    }

    /** One phase of {@link RestoreBlueprint#phases()}, by id. Idempotent: a crash runs it again. */
    default void runPhase(String phase, RestoreContext restore) throws Exception {
        throw new UnsupportedOperationException(blueprint().id() + " has no restore phase " + phase);
    }

    /** Finally: start again what this restore stopped ({@link RestoreContext#stopped}). */
    default void bringBack(RestoreContext restore) throws Exception {
    }
}
