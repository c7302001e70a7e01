package com.logicor.runbook.backup;

import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every component's backup methods, registered in one place, chosen by the component and its inventory
 * {@code backup_method}; two methods of the same name are a start-up error.
 */
@Component
public class ComponentBackups {

    private record Key(ComponentId component, String method) {}

    private final Map<Key, ComponentBackup> methods = new HashMap<>();

    public ComponentBackups(List<ComponentBackup> all) {
        for (ComponentBackup method : all) {
            ComponentBackup previous = methods.put(new Key(method.component(), method.method()), method);
            if (previous != null) {
                throw new IllegalStateException("two backup methods for " + method.component().id() + ": "
                        + previous.getClass().getSimpleName() + " and " + method.getClass().getSimpleName());
            }
        }
    }

    /** The method the inventory chooses for this component. */
    public ComponentBackup of(ComponentSpec component) {
        ComponentBackup method = component.backupMethod() != null
                ? methods.get(new Key(component.componentId(), component.backupMethod()))
                : methods.values().stream().filter(m -> m.component().equals(component.componentId()) && m.byDefault())
                        .findFirst().orElse(null);
        if (method == null) {
            throw new IllegalStateException("no backup method registered for component " + component.id()
                    + (component.backupMethod() == null ? "" : " with backup_method " + component.backupMethod()));
        }
        return method;
    }

    /** Whether the component has any backup method at all. */
    public boolean has(ComponentId id) {
        return methods.keySet().stream().anyMatch(k -> k.component().equals(id));
    }
}
