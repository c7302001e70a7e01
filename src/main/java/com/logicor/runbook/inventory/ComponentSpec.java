package com.logicor.runbook.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** One stateful component of the platform: where its nodes are and how it is backed up and kept. */
public record ComponentSpec(
        @NotBlank String id,
        @NotEmpty List<@Valid Node> nodes,
        List<String> configPaths,
        List<String> dataPaths,
        @Valid ServiceCommands service,
        @Valid Credentials credentials,
        @Valid Retention retention,
        List<@Valid Schedule> schedules,
        String dataBackup,
        List<String> databases,
        String repository,
        String playbook,
        Boolean localCopy,
        String triggerFile) {

    public ComponentSpec {
        configPaths = configPaths == null ? List.of() : List.copyOf(configPaths);
        dataPaths = dataPaths == null ? List.of() : List.copyOf(dataPaths);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        databases = databases == null ? List.of() : List.copyOf(databases);
        localCopy = localCopy == null || localCopy;
    }

    public ComponentId componentId() {
        return ComponentId.of(id);
    }

    /** The optional, component-specific fields given (snake_case), for the rule that a component reads them. */
    public java.util.Set<String> specificFieldsSet() {
        java.util.Set<String> given = new java.util.TreeSet<>();
        if (dataBackup != null) given.add("data_backup");
        if (!databases.isEmpty()) given.add("databases");
        if (repository != null) given.add("repository");
        if (playbook != null) given.add("playbook");
        return given;
    }

    /** The node of this name; a catalog row can outlive an inventory change, so the error says which. */
    public Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(id + ": no node '" + name + "' in the inventory"));
    }

    public List<String> configPathsOf(Node node) {
        return node.configPaths() != null ? node.configPaths() : configPaths;
    }

    public List<String> dataPathsOf(Node node) {
        return node.dataPaths() != null ? node.dataPaths() : dataPaths;
    }

    /**
     * Start/stop/status commands of a host-placed service: shell text the operator wrote in the inventory;
     * {@code {node}} becomes the node's name as one quoted shell word.
     */
    public record ServiceCommands(String start, String stop, String status) {
        public String forNode(String command, Node node) {
            return command == null ? null : command.replace("{node}", com.logicor.runbook.command.ShellQuote.quote(node.name()));
        }
    }

    /** Names and secret references; whichever the component needs. */
    public record Credentials(
            String user, SecretRef password, SecretRef token, SecretRef accessKey, SecretRef secretKey) {}
}
