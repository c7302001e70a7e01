package com.logicor.runbook.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every component's runbook bean, one per blueprint: a blueprint without a runbook, a runbook without a blueprint or
 * two runbooks for one component stop the start-up. Shared code (the recovery's verification, the approval scope, the
 * engine API's start inputs) iterates this registry and names no component.
 */
@Component
public class ComponentRunbooks {

    private final ComponentBlueprints blueprints;
    private final Map<String, ComponentRunbook> byId = new LinkedHashMap<>();

    public ComponentRunbooks(ComponentBlueprints blueprints, List<ComponentRunbook> runbooks) {
        this.blueprints = blueprints;
        for (ComponentRunbook runbook : runbooks) {
            String id = runbook.blueprint().id().id();
            if (blueprints.find(id).isEmpty()) {
                throw new IllegalStateException("runbook " + runbook.getClass().getName() + " is for component " + id
                        + ", whose blueprint was not found under " + ComponentBlueprints.HOME + " or " + ComponentBlueprints.EXTRA_PACKAGES);
            }
            ComponentRunbook previous = byId.put(id, runbook);
            if (previous != null) {
                throw new IllegalStateException("two runbooks for component " + id + ": " + previous.getClass().getName()
                        + " and " + runbook.getClass().getName());
            }
        }
        List<String> without = blueprints.ids().stream().filter(id -> !byId.containsKey(id)).toList();
        if (!without.isEmpty()) throw new IllegalStateException("no runbook bean for component(s) " + String.join(", ", without));
    }

    public ComponentBlueprints blueprints() {
        return blueprints;
    }

    public ComponentRunbook of(String id) {
        ComponentRunbook runbook = byId.get(id);
        if (runbook == null) throw new IllegalArgumentException("no runbook for component '" + id + "'");
        return runbook;
    }

    /** All runbooks, in the regulation's restore order. */
    public List<ComponentRunbook> inOrder() {
        return blueprints.ids().stream().map(byId::get).toList();
    }
}
