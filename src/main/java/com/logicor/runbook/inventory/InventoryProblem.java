package com.logicor.runbook.inventory;

/** One bad field: where it is in the YAML ({@code components[2].nodes[0].host}) and what is wrong. */
public record InventoryProblem(String path, String reason) {
    @Override
    public String toString() {
        return (path == null || path.isEmpty() ? "(document)" : path) + ": " + reason;
    }
}
