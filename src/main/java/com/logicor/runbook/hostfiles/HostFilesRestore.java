package com.logicor.runbook.hostfiles;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.VerifiedArtifact;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.ssh.SshHosts;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The shared half of restoring a component that lives in files on VMs (ClickHouse, Keeper): its service
 * stopped and started on every node by the inventory's commands over SSH, and a node's folders emptied and
 * unpacked from a locally checked archive whose paths are relative to {@code /} (see the backups'
 * {@code HostPathArchive}). Emptying, not deleting, keeps the folders' owners and modes.
 */
@Component
public class HostFilesRestore {

    /** The archive's paths are the node's own, relative to /; -p keeps modes (we run as root or via sudo'd tar). */
    public static final String UNPACK = "tar -x -p -C / -f -";

    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(30);

    private final Inventory inventory;
    private final SshHosts ssh;
    private final ArtifactReader reader;

    public HostFilesRestore(Inventory inventory, SshHosts ssh, ArtifactReader reader) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.reader = reader;
    }

    /** Stops the service on every node; returns the names of the nodes whose status said running. */
    public List<String> stopAll(ComponentSpec component) {
        List<String> wereRunning = new ArrayList<>();
        for (Node n : component.nodes()) {
            if (stop(component, n)) wereRunning.add(n.name());
        }
        return wereRunning;
    }

    /** Stops the service on one node; true when its status said running (or there is no status command). */
    public boolean stop(ComponentSpec component, Node n) {
        Host host = inventory.host(n.host());
        boolean hasStatus = component.service() != null && component.service().status() != null;
        // without a status command, assume running: starting a service that was down is the safer mistake
        boolean wasRunning = !hasStatus || ssh.exec(host, serviceCommand(component, n, "status"), SERVICE_TIMEOUT).ok();
        ssh.exec(host, serviceCommand(component, n, "stop"), SERVICE_TIMEOUT).requireSuccess();
        return wasRunning;
    }

    /** Starts the service on the named nodes (those that were running before the restore). */
    public void startAll(ComponentSpec component, List<String> names) {
        for (Node n : component.nodes()) {
            if (names.contains(n.name())) start(component, n);
        }
    }

    public void start(ComponentSpec component, Node n) {
        ssh.exec(inventory.host(n.host()), serviceCommand(component, n, "start"), SERVICE_TIMEOUT).requireSuccess();
    }

    /** Empties the node's folders and unpacks the archive (a local, checked copy) over them. */
    public void replaceFiles(ComponentSpec component, Node n, List<String> paths, VerifiedArtifact local) throws IOException {
        replaceFiles(component, n, paths, local, List.of());
    }

    /**
     * Checks every member of the archive against {@code paths} ({@link ArchiveMemberFilter}), then empties
     * the node's folders and unpacks from the archive only {@code members} (paths relative to /, as
     * the archive names them), or all of it when members is empty.
     */
    public void replaceFiles(ComponentSpec component, Node n, List<String> paths, VerifiedArtifact local, List<String> members)
            throws IOException {
        Host host = inventory.host(n.host());
        // the whole listing first: a member outside the node's configured paths refuses the archive before
        // anything on the node is emptied or unpacked (tar runs as root into /)
        try (InputStream listing = reader.openRaw(local)) {
            new ArchiveMemberFilter(paths).check(listing, local.rawFileName() + " for " + component.id() + "/" + n.name());
        }
        ssh.exec(host, emptyCommand(component, n, paths), SERVICE_TIMEOUT).requireSuccess();
        try (InputStream tar = reader.openRaw(local)) {
            ExecResult unpacked = ssh.execFromStream(host, unpackCommand(members), tar, UNPACK_TIMEOUT);
            if (!unpacked.ok()) {
                throw new IOException("unpacking " + local.rawFileName() + " on " + n.host() + ": " + unpacked.stderr());
            }
        }
    }

    /** {@value #UNPACK}, followed by the members to take when only some are wanted. */
    public static String unpackCommand(List<String> members) {
        if (members.isEmpty()) return UNPACK;
        return UNPACK + " -- " + ShellQuote.join(members.toArray(String[]::new));
    }

    /** How many files the node's folders hold now (for the check after a restore). */
    public long countFiles(ComponentSpec component, Node n, List<String> paths) {
        String command = "find " + ShellQuote.join(paths.toArray(String[]::new)) + " -type f | wc -l";
        ExecResult r = ssh.exec(inventory.host(n.host()), command, SERVICE_TIMEOUT);
        r.requireSuccess();
        return Long.parseLong(r.stdout().strip());
    }

    /** {@code mkdir -p p && find p -mindepth 1 -delete} per folder; refuses no folder, "/" or a blank one. */
    public static String emptyCommand(ComponentSpec component, Node n, List<String> paths) {
        if (paths.isEmpty() || paths.stream().anyMatch(p -> p == null || p.isBlank() || p.strip().equals("/"))) {
            throw new IllegalStateException(component.id() + "/" + n.name() + ": refusing to empty " + paths
                    + " (no or unsafe paths in the inventory)");
        }
        try {
            HostPathArchive.relativeToRoot(paths); // absolute, no "." or ".." segments
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(component.id() + "/" + n.name() + ": refusing to empty " + paths + ": " + e.getMessage(), e);
        }
        List<String> parts = new ArrayList<>();
        for (String path : paths) {
            parts.add("mkdir -p " + ShellQuote.quote(path) + " && find " + ShellQuote.quote(path) + " -mindepth 1 -delete");
        }
        return String.join(" && ", parts);
    }

    /** The inventory's start / stop / status command for one node. */
    public static String serviceCommand(ComponentSpec component, Node n, String which) {
        if (component.service() == null) {
            throw new IllegalStateException(component.id() + ": the inventory has no service start/stop/status commands");
        }
        String command = switch (which) {
            case "start" -> component.service().start();
            case "stop" -> component.service().stop();
            case "status" -> component.service().status();
            default -> throw new IllegalArgumentException("no service command '" + which + "'");
        };
        if (command == null || command.isBlank()) {
            throw new IllegalStateException(component.id() + ": the inventory has no service " + which + " command");
        }
        return component.service().forNode(command, n);
    }

    /** Plan lines for stopping, or starting, every node. */
    public List<String> planService(ComponentSpec component, String which, String note) {
        List<String> steps = new ArrayList<>();
        boolean asksFirst = which.equals("stop") && component.service() != null && component.service().status() != null;
        for (Node n : component.nodes()) {
            // stop asks first whether the service runs, so that only what ran is started again
            if (asksFirst) steps.add("on " + n.host() + ": " + serviceCommand(component, n, "status") + "  (was it running?)");
            steps.add("on " + n.host() + ": " + serviceCommand(component, n, which) + note);
        }
        return steps;
    }
}
