package com.logicor.runbook.clickhouse;

import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactOutcome;
import com.logicor.runbook.catalog.ArtifactSubject;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.RemoteCommandException;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.Retention;
import com.logicor.runbook.ssh.SshHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * ClickHouse data by the regulation's Altinity {@code clickhouse-backup}, run over SSH on every node:
 * {@code clickhouse-backup create_remote [--diff-from-remote=<previous>] <node>-<stamp>}. The CLI uploads
 * itself to the storage of its own config ({@code /etc/clickhouse-backup/config.yml}, as the regulation sets
 * it up, credentials included) — so there is no artifact stream here: the catalog gets a {@code data} row
 * with the location {@code clickhouse-backup://<name>}, verified only once {@code clickhouse-backup list
 * remote} shows the backup and does not call it broken.
 *
 * <p>Incremental (the regulation: weekly, incremental): based on this node's newest remote backup; a full
 * one when there is none, when its chain cannot be followed, or every {@value #FULL_EVERY}th time — a chain
 * that never restarts would keep every backup forever, since each increment needs all of its bases.
 *
 * <p>Retention stays with clickhouse-backup: it knows the chains ({@code backups_to_keep_remote} never deletes
 * a base that a kept increment needs), which a generic delete would break. The inventory's counts are passed
 * as {@code BACKUPS_TO_KEEP_LOCAL} / {@code BACKUPS_TO_KEEP_REMOTE} (its config's environment overrides), so
 * the inventory is the one place that says how many; without counts its own config decides. Age limits
 * ({@code keep_*_age}) have no clickhouse-backup equivalent and are not applied to these backups.
 */
@Component
public class ClickHouseBackupCli {

    static final String KIND = "data";
    static final String LOCATION_SCHEME = "clickhouse-backup://";
    /** Every 4th backup is full: weekly increments restart monthly. */
    static final int FULL_EVERY = 4;
    static final String LIST_REMOTE = "clickhouse-backup list remote";

    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CREATE_TIMEOUT = Duration.ofHours(12);
    private static final Pattern NAME_SAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern COLUMNS = Pattern.compile("\t+|\\s{2,}");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s?([KMGTPE]?i?B)");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}|\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");

    private final Inventory inventory;
    private final SshHosts ssh;
    private final BackupCatalog catalog;

    public ClickHouseBackupCli(Inventory inventory, SshHosts ssh, BackupCatalog catalog) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.catalog = catalog;
    }

    /** One line of {@code clickhouse-backup list remote}. */
    public record RemoteBackup(String name, String created, String required, String size, boolean broken) {

        /** Approximate bytes of the listed size ({@code all:1.5GiB,...} or {@code 1.5GiB}); null when not given. */
        public Long approximateBytes() {
            if (size == null) return null;
            String s = size.contains("all:") ? size.substring(size.indexOf("all:") + 4).split(",")[0] : size;
            Matcher m = SIZE.matcher(s);
            if (!m.find()) return null;
            double value = Double.parseDouble(m.group(1));
            int power = switch (m.group(2).charAt(0)) {
                case 'K' -> 1; case 'M' -> 2; case 'G' -> 3; case 'T' -> 4; case 'P' -> 5; case 'E' -> 6;
                default -> 0;
            };
            boolean binary = m.group(2).contains("i");
            return Math.round(value * Math.pow(binary ? 1024 : 1000, power));
        }
    }

    /** {@code <node>-<stamp>}, with anything but letters, digits, dot, dash and underscore made {@code _}. */
    static String backupName(Node node, String stamp) {
        return NAME_SAFE.matcher(node.name() + "-" + stamp).replaceAll("_");
    }

    /** The create command: retention as environment overrides, the base when incremental, the name last. */
    static String createCommand(String name, String base, Retention retention) {
        List<String> words = new ArrayList<>();
        if (retention != null && retention.keepLocal() != null) words.add("BACKUPS_TO_KEEP_LOCAL=" + retention.keepLocal());
        if (retention != null && retention.keepRemote() != null) words.add("BACKUPS_TO_KEEP_REMOTE=" + retention.keepRemote());
        words.add("clickhouse-backup");
        words.add("create_remote");
        if (base != null) words.add("--diff-from-remote=" + base);
        words.add(name);
        return ShellQuote.join(words.toArray(String[]::new));
    }

    /**
     * Parses {@code list remote} text output. Its columns changed between versions (1.x/2.x: name, size, date,
     * "remote", +required, description; 2.5+: name, date, "remote", +required, size, description), and empty
     * columns vanish (tabwriter), so fields are recognised by their look, not their position: the name first,
     * {@code +name} the required base, {@code ???} or a "broken …" description a broken backup. Lines without a
     * {@code remote} column (anything that is not a listing) are skipped.
     */
    static List<RemoteBackup> parseList(String stdout) {
        List<RemoteBackup> backups = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) continue;
            String[] cells = COLUMNS.split(line.strip());
            boolean remote = false;
            String required = null;
            String created = null;
            String size = null;
            boolean broken = false;
            for (int i = 1; i < cells.length; i++) {
                String c = cells[i].strip();
                if (c.equals("remote")) remote = true;
                else if (c.startsWith("+") && c.length() > 1) required = c.substring(1);
                else if (DATE.matcher(c).matches()) created = c;
                else if (c.equals("???")) broken = true;
                else if (c.startsWith("broken")) broken = true;
                else if (size == null && (c.startsWith("all:") || SIZE.matcher(c).matches())) size = c;
            }
            if (!remote) continue;
            backups.add(new RemoteBackup(cells[0].strip(), created, required, size, broken));
        }
        return backups;
    }

    /**
     * The base of the next backup of {@code node}: its newest sound remote backup (names carry the UTC stamp,
     * so they sort by time), unless that one already ends a chain of {@code fullEvery - 1} increments or its
     * chain has a missing or broken link — then empty: a full backup.
     */
    static Optional<RemoteBackup> baseFor(List<RemoteBackup> listed, String nodeName, int fullEvery) {
        Map<String, RemoteBackup> byName = new HashMap<>();
        for (RemoteBackup b : listed) byName.put(b.name(), b);
        String prefix = NAME_SAFE.matcher(nodeName).replaceAll("_") + "-";
        Optional<RemoteBackup> newest = listed.stream().filter(b -> b.name().startsWith(prefix) && !b.broken())
                .max(Comparator.comparing(RemoteBackup::name));
        if (newest.isEmpty()) return Optional.empty();
        int increments = 0;
        Set<String> seen = new HashSet<>();
        RemoteBackup at = newest.get();
        while (at.required() != null) {
            RemoteBackup base = byName.get(at.required());
            if (base == null || base.broken() || !seen.add(base.name())) return Optional.empty();
            increments++;
            at = base;
        }
        return increments + 1 >= fullEvery ? Optional.empty() : newest;
    }

    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        for (Node node : component.nodes()) {
            if (!node.onHost()) {
                steps.add("data of " + node.name() + " (clickhouse-backup): CANNOT run — not on an SSH host");
                continue;
            }
            Host host = inventory.host(node.host());
            String at = "ssh " + host.user() + "@" + host.address() + ":" + host.port() + " ";
            String name = backupName(node, "<stamp>");
            steps.add("data of " + node.name() + " (clickhouse-backup, storage and credentials from its own config on the VM): "
                    + at + "'" + LIST_REMOTE + "' → newest backup named " + node.name() + "-… is the base, unless its chain already has "
                    + (FULL_EVERY - 1) + " increments (then full)");
            steps.add(at + "'" + createCommand(name, "<base>", component.retention()) + "'  (without --diff-from-remote for a full one;"
                    + " clickhouse-backup prunes by the keep counts itself, never a base a kept increment needs)");
            steps.add(at + "'" + LIST_REMOTE + "' → verified only when " + name + " is listed and not broken; catalog: "
                    + KIND + " at " + LOCATION_SCHEME + name);
        }
        return steps;
    }

    /** One clickhouse-backup per node into {@code result}; a node that fails is recorded there and the others go on. */
    public void backUp(ComponentSpec component, BackupRunContext run, ComponentBackupResult.Builder result) {
        for (Node node : component.nodes()) {
            if (!node.onHost()) {
                result.fail(component.id() + "/" + node.name() + " data: not on an SSH host");
                continue;
            }
            Host host = inventory.host(node.host());
            String name = backupName(node, run.stamp());
            // every database of the node, in one backup: no single database to record
            String artifactId = catalog.startArtifact(run.runId(), component.id(), node.name(), KIND, run.processInstanceId(),
                    ArtifactSubject.NONE).id();
            long start = System.nanoTime();
            try {
                Optional<RemoteBackup> base = baseFor(list(host), node.name(), FULL_EVERY);
                ssh.exec(host, createCommand(name, base.map(RemoteBackup::name).orElse(null), component.retention()),
                        CREATE_TIMEOUT).requireSuccess();
                RemoteBackup created = list(host).stream().filter(b -> b.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("create_remote exited 0 but '" + LIST_REMOTE
                                + "' does not list " + name));
                if (created.broken()) {
                    throw new IllegalStateException("'" + LIST_REMOTE + "' lists " + name + " as broken");
                }
                String location = LOCATION_SCHEME + name;
                Long bytes = created.approximateBytes();
                String message = (base.isPresent() ? "incremental from " + base.get().name() : "full") + ", size "
                        + created.size() + " (as listed by clickhouse-backup)";
                catalog.recordArtifact(artifactId, ArtifactOutcome.verified(null, location, bytes, null, message));
                result.artifact(new StoredArtifact(artifactId, component.id(), node.name(), KIND, name, location, null,
                        bytes == null ? 0 : bytes, null));
                result.measure(node.name() + ".backup", name);
                result.measure(node.name() + ".base", base.map(RemoteBackup::name).orElse("none (full)"));
                result.measure(node.name() + ".listedSize", String.valueOf(created.size()));
                result.measure(node.name() + ".dataMillis", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                String message = component.id() + "/" + node.name() + " " + KIND + " (clickhouse-backup " + name + "): " + e.getMessage();
                catalog.recordArtifact(artifactId, ArtifactOutcome.failed(message));
                result.fail(message);
            }
        }
    }

    List<RemoteBackup> list(Host host) {
        ExecResult result = ssh.exec(host, LIST_REMOTE, LIST_TIMEOUT);
        if (!result.ok()) throw new RemoteCommandException(result);
        return parseList(result.stdout());
    }
}
