package com.logicor.runbook.security;

import java.util.List;

/** A caller authenticated against the engine's identity service: the id and what the engine knows of them. */
public record EngineUser(String id, List<String> groupIds, List<String> tenantIds) {

    @Override
    public String toString() {
        return id;
    }
}
