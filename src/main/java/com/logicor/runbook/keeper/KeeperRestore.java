package com.logicor.runbook.keeper;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.inventory.Component;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.VerifiedArtifact;
import com.logicor.runbook.ssh.SshHosts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse Keeper's restore, the regulation's "stop, restore config and coordination, start, check quorum"
 * for every node: all nodes are stopped first (a quorum must not run on a mix of old and restored members),
 * each node's config and coordination folders are emptied and unpacked from its archive of the same backup
 * run, all are started, and the quorum is checked with the four-letter word {@code srvr} on every client port
 * (one leader, the others followers).
 */
@org.springframework.stereotype.Component
public class KeeperRestore {

    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration QUORUM_LIMIT = Duration.ofMinutes(2);

    private final Inventory inventory;
    private final SshHosts ssh;
    private final ArtifactReader reader;

    public KeeperRestore(Inventory inventory, SshHosts ssh, ArtifactReader reader) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.reader = reader;
    }

    public List<String> plan(Component keeper) {
        List<String> steps = new ArrayList<>();
        for (Node n : keeper.nodes()) steps.add("on " + n.host() + ": " + serviceCommand(keeper, n, "stop") + "  (all nodes before any is restored)");
        for (Node n : keeper.nodes()) {
            steps.add("copy " + KeeperBackup.fileName(n) + " to local disk, checking its sha256");
            steps.add("on " + n.host() + ": " + emptyCommand(keeper, n));
            steps.add("on " + n.host() + ": tar -x -p -C / -f -  (the archive's paths are the node's own, relative to /)");
        }
        for (Node n : keeper.nodes()) steps.add("on " + n.host() + ": " + serviceCommand(keeper, n, "start"));
        steps.add("check quorum: 'srvr' on every client port answers Mode: leader (exactly one) or follower");
        return steps;
    }

    /** Stops every node; returns the names of those whose status said running. */
    public List<String> stopAll(Component keeper) {
        List<String> wereRunning = new ArrayList<>();
        for (Node n : keeper.nodes()) {
            Host host = inventory.host(n.host());
            String status = serviceCommand(keeper, n, "status");
            if (status == null || ssh.exec(host, status, SERVICE_TIMEOUT).ok()) wereRunning.add(n.name());
            ssh.exec(host, serviceCommand(keeper, n, "stop"), SERVICE_TIMEOUT).requireSuccess();
        }
        return wereRunning;
    }

    public void startAll(Component keeper, List<String> names) {
        for (Node n : keeper.nodes()) {
            if (names.contains(n.name())) ssh.exec(inventory.host(n.host()), serviceCommand(keeper, n, "start"), SERVICE_TIMEOUT).requireSuccess();
        }
    }

    /** Empties the node's config and coordination folders and unpacks its archive (a local, checked copy). */
    public void restoreNode(Component keeper, Node n, VerifiedArtifact local) throws IOException {
        Host host = inventory.host(n.host());
        ssh.exec(host, emptyCommand(keeper, n), SERVICE_TIMEOUT).requireSuccess();
        try (InputStream tar = reader.openRaw(local)) {
            ExecResult unpacked = ssh.execFromStream(host, "tar -x -p -C / -f -", tar, UNPACK_TIMEOUT);
            if (!unpacked.ok()) throw new IOException("unpacking " + KeeperBackup.fileName(n) + " on " + n.host() + ": " + unpacked.stderr());
        }
    }

    /** Waits for one leader and followers on every node's client port; returns "node=mode" per node. */
    public List<String> awaitQuorum(Component keeper) throws InterruptedException {
        long deadline = System.nanoTime() + QUORUM_LIMIT.toNanos();
        List<String> modes;
        while (true) {
            modes = new ArrayList<>();
            int leaders = 0;
            int followers = 0;
            for (Node n : keeper.nodes()) {
                String mode = mode(n);
                modes.add(n.name() + "=" + mode);
                if (mode.equals("leader")) leaders++;
                if (mode.equals("follower")) followers++;
            }
            if (leaders == 1 && leaders + followers == keeper.nodes().size()) return modes;
            if (keeper.nodes().size() == 1 && modes.get(0).endsWith("=standalone")) return modes;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("keeper: no quorum within " + QUORUM_LIMIT + ": " + String.join(", ", modes));
            }
            Thread.sleep(500);
        }
    }

    /** The four-letter word {@code srvr}: "Mode: leader|follower|standalone", or why not. */
    static String mode(Node n) {
        URI client = URI.create(n.endpoints().getOrDefault("client", ""));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(client.getHost(), client.getPort()), 2000);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).strip()).findFirst().orElse("no mode in the answer");
        } catch (IOException | IllegalArgumentException e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }

    static String emptyCommand(Component keeper, Node n) {
        List<String> parts = new ArrayList<>();
        for (String path : paths(keeper, n)) {
            parts.add("mkdir -p " + ShellQuote.quote(path) + " && find " + ShellQuote.quote(path) + " -mindepth 1 -delete");
        }
        return String.join(" && ", parts);
    }

    static List<String> paths(Component keeper, Node n) {
        List<String> paths = new ArrayList<>(keeper.configPathsOf(n));
        paths.addAll(keeper.dataPathsOf(n));
        if (paths.isEmpty() || paths.stream().anyMatch(p -> p.isBlank() || p.equals("/"))) {
            throw new IllegalStateException("keeper/" + n.name() + ": refusing to empty " + paths + " (no or unsafe paths in the inventory)");
        }
        return paths;
    }

    private static String serviceCommand(Component keeper, Node n, String which) {
        if (keeper.service() == null) throw new IllegalStateException("keeper: the inventory has no service start/stop/status commands");
        String command = switch (which) {
            case "start" -> keeper.service().start();
            case "stop" -> keeper.service().stop();
            default -> keeper.service().status();
        };
        return keeper.service().forNode(command, n);
    }
}
