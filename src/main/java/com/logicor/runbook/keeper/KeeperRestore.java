package com.logicor.runbook.keeper;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.hostfiles.HostFilesRestore;
import com.logicor.runbook.restore.VerifiedArtifact;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ClickHouse Keeper's restore, the regulation's "stop, restore config and coordination, start, check quorum"
 * for every node: all nodes are stopped first (a quorum must not run on a mix of old and restored members),
 * each node's config and coordination folders are emptied and unpacked from its archive of the same backup
 * run, all are started, and the quorum is checked with the four-letter word {@code srvr} on every client port
 * (one leader, the others followers).
 */
@Component
public class KeeperRestore {

    private static final Duration QUORUM_LIMIT = Duration.ofMinutes(2);

    private final HostFilesRestore files;

    public KeeperRestore(HostFilesRestore files) {
        this.files = files;
    }

    public List<String> plan(ComponentSpec keeper) {
        List<String> steps = new ArrayList<>(files.planService(keeper, "stop", "  (all nodes before any is restored)"));
        for (Node n : keeper.nodes()) {
            steps.add("copy " + KeeperBackup.fileName(n) + " to local disk, checking its sha256");
            steps.add("on " + n.host() + ": " + HostFilesRestore.emptyCommand(keeper, n, paths(keeper, n)));
            steps.add("on " + n.host() + ": " + HostFilesRestore.UNPACK + "  (the archive's paths are the node's own, relative to /)");
        }
        steps.addAll(files.planService(keeper, "start", ""));
        steps.add("check quorum: 'srvr' on every client port answers Mode: leader (exactly one) or follower");
        return steps;
    }

    /** Stops every node; returns the names of those whose status said running. */
    public List<String> stopAll(ComponentSpec keeper) {
        return files.stopAll(keeper);
    }

    public void startAll(ComponentSpec keeper, List<String> names) {
        files.startAll(keeper, names);
    }

    /** Empties the node's config and coordination folders and unpacks its archive (a local, checked copy). */
    public void restoreNode(ComponentSpec keeper, Node n, VerifiedArtifact local) throws IOException {
        files.replaceFiles(keeper, n, paths(keeper, n), local);
    }

    /** Waits for one leader and followers on every node's client port; returns "node=mode" per node. */
    public List<String> awaitQuorum(ComponentSpec keeper) throws InterruptedException {
        long deadline = System.nanoTime() + QUORUM_LIMIT.toNanos();
        List<String> modes;
        while (true) {
            modes = new ArrayList<>();
            int leaders = 0;
            int followers = 0;
            for (Node n : keeper.nodes()) {
                String mode = KeeperSrvr.of(n).mode();
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

    /** A node's config and coordination folders. */
    public static List<String> paths(ComponentSpec keeper, Node n) {
        List<String> paths = new ArrayList<>(keeper.configPathsOf(n));
        paths.addAll(keeper.dataPathsOf(n));
        return paths;
    }
}
