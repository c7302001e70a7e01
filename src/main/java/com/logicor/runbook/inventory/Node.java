package com.logicor.runbook.inventory;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;

/**
 * One member of a component. It lives either on an SSH {@code host} or in a {@code container} of a Docker
 * {@code engine}. Paths given here replace the component's paths for this node (several nodes on one
 * machine keep their trees apart).
 */
public record Node(
        @NotBlank String name,
        String host,
        String engine,
        String container,
        String volume,
        Map<String, String> endpoints,
        List<String> configPaths,
        List<String> dataPaths) {

    public Node {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        configPaths = configPaths == null ? null : List.copyOf(configPaths);
        dataPaths = dataPaths == null ? null : List.copyOf(dataPaths);
    }

    public boolean onHost() {
        return host != null;
    }
}
