package com.logicor.runbook.inventory;

import java.util.List;
import java.util.Set;

/**
 * The components the runbook knows how to back up and restore, as the inventory's rules need them: their ids, the
 * optional fields each reads, and their own rules. Supplied by the component registry (the blueprints), so this
 * package names no component.
 */
public interface KnownComponents {

    /** The known ids, in the regulation's restore order. */
    List<String> ids();

    /** The optional inventory fields (snake_case) the component reads beyond the common ones. */
    Set<String> fieldsOf(String id);

    /** The component's own rules for its inventory entry; each problem as {@code field: sentence} or a sentence. */
    List<InventoryProblem> validate(String path, ComponentSpec spec);
}
