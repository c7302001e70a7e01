package com.logicor.runbook.inventory;

import java.util.regex.Pattern;

/**
 * The name of a stateful component ({@code keeper}, {@code minio}, …): a value, not a closed list — which components
 * exist is what the registered runbooks ({@code component.ComponentRunbooks}) and the inventory say. The name appears in
 * process keys ({@code restore-<id>}), variable names and object keys, so it is kept to lower-case letters, digits and
 * dashes.
 */
public record ComponentId(String id) implements Comparable<ComponentId> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ComponentId {
        if (id == null || !NAME.matcher(id).matches()) {
            throw new IllegalArgumentException("a component id is lower-case letters, digits and dashes, starting with a letter: '" + id + "'");
        }
    }

    public static ComponentId of(String id) {
        return new ComponentId(id);
    }

    public static boolean isValid(String id) {
        return id != null && NAME.matcher(id).matches();
    }

    @Override
    public int compareTo(ComponentId other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
