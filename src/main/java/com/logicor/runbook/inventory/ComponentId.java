package com.logicor.runbook.inventory;

import java.util.Arrays;
import java.util.Optional;

/** The seven stateful components of the regulation, in its restore order. */
public enum ComponentId {
    KEEPER("keeper"),
    CLICKHOUSE("clickhouse"),
    ETCD("etcd"),
    POSTGRESQL("postgresql"),
    MINIO("minio"),
    VAULT("vault"),
    ANSIBLE("ansible");

    private final String id;

    ComponentId(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ComponentId> of(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(ComponentId::id).toList());
    }
}
