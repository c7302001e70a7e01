package com.logicor.runbook.inventory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.scheduling.support.CronExpression;

/**
 * Rules that need the whole inventory: unique ids, references between hosts, engines and components,
 * files that must exist, endpoints that must be addresses, secrets that must be references. Every method
 * tolerates the nulls a broken document leaves behind; those are reported by the earlier passes.
 */
public class InventoryRules {

    private final KnownComponents known;

    public InventoryRules(KnownComponents known) {
        this.known = known;
    }

    public List<InventoryProblem> check(Inventory inv) {
        List<InventoryProblem> out = new ArrayList<>();
        uniqueIds(out, "hosts", "id", inv.hosts(), Host::id);
        uniqueIds(out, "docker_engines", "id", inv.dockerEngines(), DockerEngine::id);
        uniqueIds(out, "components", "id", inv.components(), ComponentSpec::id);
        for (int i = 0; i < inv.hosts().size(); i++) {
            checkHost(out, "hosts[" + i + "]", inv.hosts().get(i));
        }
        for (int i = 0; i < inv.dockerEngines().size(); i++) {
            checkEngine(out, "docker_engines[" + i + "]", inv.dockerEngines().get(i), inv);
        }
        Set<String> present = new HashSet<>();
        for (int i = 0; i < inv.components().size(); i++) {
            ComponentSpec c = inv.components().get(i);
            if (c == null || c.id() == null) continue;
            String path = "components[" + i + "]";
            if (!known.ids().contains(c.id())) {
                out.add(new InventoryProblem(path + ".id", "unknown component '" + c.id() + "'; known: " + String.join(", ", known.ids())));
                continue;
            }
            present.add(c.id());
            checkComponent(out, path, c, inv);
        }
        if (!inv.components().isEmpty()) {
            List<String> missing = known.ids().stream().filter(id -> !present.contains(id)).toList();
            if (!missing.isEmpty()) {
                out.add(new InventoryProblem("components", "missing component(s): " + String.join(", ", missing)
                        + " — the regulation backs up every stateful component"));
            }
        }
        if (inv.storage() != null && inv.storage().s3() != null) {
            Storage.S3 s3 = inv.storage().s3();
            url(out, "storage.s3.endpoint", s3.endpoint(), Set.of("http", "https"));
            secret(out, "storage.s3.access_key", s3.accessKey());
            secret(out, "storage.s3.secret_key", s3.secretKey());
        }
        return out;
    }

    private void checkHost(List<InventoryProblem> out, String path, Host h) {
        if (h == null) return;
        if (h.privateKeyFile() != null && !h.privateKeyFile().isBlank() && !Files.isReadable(Path.of(h.privateKeyFile()))) {
            out.add(new InventoryProblem(path + ".private_key_file", "file not found or not readable: " + h.privateKeyFile()));
        }
        if (h.knownHostsFile() == null && Boolean.TRUE.equals(h.strictHostKeyChecking())) {
            out.add(new InventoryProblem(path + ".known_hosts_file",
                    "required while strict_host_key_checking is true (the default)"));
        } else if (h.knownHostsFile() != null && !Files.isReadable(Path.of(h.knownHostsFile()))) {
            out.add(new InventoryProblem(path + ".known_hosts_file", "file not found or not readable: " + h.knownHostsFile()));
        }
    }

    private void checkEngine(List<InventoryProblem> out, String path, DockerEngine e, Inventory inv) {
        if (e == null || e.url() == null || !e.url().contains("://")) return;
        switch (e.scheme()) {
            case "ssh" -> {
                if (inv.findHost(e.sshHostId()).isEmpty()) {
                    out.add(new InventoryProblem(path + ".url", "host '" + e.sshHostId() + "' does not exist in hosts"));
                }
            }
            case "tcp" -> url(out, path + ".url", e.url(), Set.of("tcp"));
            case "unix" -> {
                if (!e.url().startsWith("unix:///")) {
                    out.add(new InventoryProblem(path + ".url", "a unix socket needs an absolute path: unix:///run/docker.sock"));
                }
            }
            default -> { }
        }
        if (e.tls() != null && !"tcp".equals(e.scheme())) {
            out.add(new InventoryProblem(path + ".tls", "tls applies only to tcp:// engines"));
        }
    }

    private void checkComponent(List<InventoryProblem> out, String path, ComponentSpec c, Inventory inv) {
        uniqueIds(out, path + ".nodes", "name", c.nodes(), Node::name);
        for (int n = 0; n < c.nodes().size(); n++) {
            Node node = c.nodes().get(n);
            if (node == null) continue;
            String np = path + ".nodes[" + n + "]";
            checkPlacement(out, np, node, inv);
            node.endpoints().forEach((name, value) -> url(out, np + ".endpoints." + name, value, null));
        }
        if (c.credentials() != null) {
            secret(out, path + ".credentials.password", c.credentials().password());
            secret(out, path + ".credentials.token", c.credentials().token());
            secret(out, path + ".credentials.access_key", c.credentials().accessKey());
            secret(out, path + ".credentials.secret_key", c.credentials().secretKey());
        }
        uniqueIds(out, path + ".schedules", "name", c.schedules(), Schedule::name);
        for (int s = 0; s < c.schedules().size(); s++) {
            Schedule schedule = c.schedules().get(s);
            if (schedule != null && schedule.cron() != null) {
                String where = path + ".schedules[" + s + "].cron";
                if (!CronExpression.isValidExpression(schedule.cron())) {
                    out.add(new InventoryProblem(where, "not a six-field cron expression "
                            + "(second minute hour day month weekday): '" + schedule.cron() + "'"));
                } else {
                    try {
                        QuartzCron.of(schedule.cron());
                    } catch (IllegalArgumentException e) {
                        out.add(new InventoryProblem(where, e.getMessage()));
                    }
                }
            }
        }
        Set<String> readBy = known.fieldsOf(c.id());
        for (String field : c.specificFieldsSet()) {
            if (!readBy.contains(field)) {
                List<String> owners = known.ids().stream().filter(id -> known.fieldsOf(id).contains(field)).toList();
                out.add(new InventoryProblem(path + "." + field, "applies only to component" + (owners.size() == 1 ? " '" : "s '")
                        + String.join("', '", owners) + "'"));
            }
        }
        out.addAll(known.validate(path, c));
    }

    private void checkPlacement(List<InventoryProblem> out, String np, Node node, Inventory inv) {
        boolean onHost = node.host() != null;
        boolean onEngine = node.engine() != null;
        if (onHost == onEngine) {
            out.add(new InventoryProblem(np, "give either host (a VM over SSH) or engine + container (Docker), not "
                    + (onHost ? "both" : "neither")));
        }
        if (onHost && inv.findHost(node.host()).isEmpty()) {
            out.add(new InventoryProblem(np + ".host", "host '" + node.host() + "' does not exist in hosts"));
        }
        if (onEngine && inv.findEngine(node.engine()).isEmpty()) {
            out.add(new InventoryProblem(np + ".engine", "docker engine '" + node.engine() + "' does not exist in docker_engines"));
        }
        if (onEngine && node.container() == null) {
            out.add(new InventoryProblem(np + ".container", "required for a node on a docker engine"));
        }
        if (!onEngine && node.container() != null) {
            out.add(new InventoryProblem(np + ".container", "a container needs an engine"));
        }
        if (!onEngine && node.volume() != null) {
            out.add(new InventoryProblem(np + ".volume", "a volume needs an engine"));
        }
    }

    static void secret(List<InventoryProblem> out, String path, SecretRef ref) {
        if (ref == null) return;
        if (ref.givenInline()) {
            out.add(new InventoryProblem(path, "secret given inline; reference it instead: {env: VARIABLE} or {file: /path}"
                    + " — values in the inventory end up in backups, diffs and logs"));
        } else if (ref.env() != null && ref.file() != null) {
            out.add(new InventoryProblem(path, "give env or file, not both"));
        } else if (ref.env() == null && ref.file() == null) {
            out.add(new InventoryProblem(path, "give env: VARIABLE or file: /path"));
        } else if (ref.env() != null && !ref.env().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            out.add(new InventoryProblem(path + ".env", "not an environment variable name: '" + ref.env() + "'"));
        }
    }

    static void url(List<InventoryProblem> out, String path, String value, Set<String> schemes) {
        if (value == null) return;
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                out.add(new InventoryProblem(path, "expected scheme://host[:port][/path], got '" + value + "'"));
            } else if (schemes != null && !schemes.contains(uri.getScheme())) {
                out.add(new InventoryProblem(path, "scheme must be one of " + String.join(", ", schemes.stream().sorted().toList())));
            } else if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
                out.add(new InventoryProblem(path, "port out of range 1-65535: " + uri.getPort()));
            }
        } catch (Exception e) {
            out.add(new InventoryProblem(path, "expected scheme://host[:port][/path], got '" + value + "'"));
        }
    }

    private static <T> void uniqueIds(List<InventoryProblem> out, String path, String field, List<T> items,
                                      Function<T, String> id) {
        if (items == null) return;
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (item == null) continue;
            String value = id.apply(item);
            if (value == null) continue;
            Integer previous = first.putIfAbsent(value, i);
            if (previous != null) {
                out.add(new InventoryProblem(path + "[" + i + "]." + field, "duplicate " + field + " '" + value
                        + "' (already used by " + path + "[" + previous + "])"));
            }
        }
    }
}
