package com.logicor.runbook.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The site: its SSH hosts, Docker engines, the seven components and the backup storage. */
public record Inventory(
        @NotBlank String site,
        List<@Valid Host> hosts,
        List<@Valid DockerEngine> dockerEngines,
        @NotEmpty List<@Valid ComponentSpec> components,
        @NotNull @Valid Storage storage) {

    public Inventory {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        dockerEngines = dockerEngines == null ? List.of() : List.copyOf(dockerEngines);
        components = components == null ? List.of() : List.copyOf(components);
    }

    public Optional<Host> findHost(String id) {
        return hosts.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    public Host host(String id) {
        return findHost(id).orElseThrow(() -> new NoSuchElementException("no host '" + id + "' in the inventory"));
    }

    public Optional<DockerEngine> findEngine(String id) {
        return dockerEngines.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public DockerEngine engine(String id) {
        return findEngine(id).orElseThrow(() -> new NoSuchElementException("no docker engine '" + id + "' in the inventory"));
    }

    public ComponentSpec component(ComponentId id) {
        return components.stream().filter(c -> c.id().equals(id.id())).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no component '" + id.id() + "' in the inventory"));
    }
}
