package com.logicor.runbook.backup;

import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every component's backup method, registered in one place; a component without one is a start-up error. */
@Component
public class ComponentBackups {

    private final Map<ComponentId, ComponentBackup> methods = new java.util.TreeMap<>();

    public ComponentBackups(List<ComponentBackup> all) {
        for (ComponentBackup method : all) {
            ComponentBackup previous = methods.put(method.component(), method);
            if (previous != null) {
                throw new IllegalStateException("two backup methods for " + method.component().id() + ": "
                        + previous.getClass().getSimpleName() + " and " + method.getClass().getSimpleName());
            }
        }
    }

    public ComponentBackup of(ComponentId id) {
        ComponentBackup method = methods.get(id);
        if (method == null) {
            throw new IllegalStateException("no backup method registered for component " + id.id());
        }
        return method;
    }

    public boolean has(ComponentId id) {
        return methods.containsKey(id);
    }
}
