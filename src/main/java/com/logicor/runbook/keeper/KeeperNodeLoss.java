package com.logicor.runbook.keeper;

import com.logicor.runbook.hostfiles.HostPathArchive;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.hostfiles.HostFilesRestore;
import com.logicor.runbook.restore.VerifiedArtifact;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The regulation's "loss of a ClickHouse Keeper node": check the quorum (a majority of the nodes serving, one
 * of them leader); with quorum, replace the lost node — the same {@code server_id} and
 * {@code raft_configuration} (its config back from its own backup archive, untouched), empty coordination
 * data, started, and the leader sends it a snapshot. Its old coordination data is NOT restored: a member must
 * not rejoin with a history older than the quorum's. Without quorum the whole ensemble is restored
 * (restore-keeper).
 */
@Component
public class KeeperNodeLoss {

    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(3);

    private final HostFilesRestore files;

    public KeeperNodeLoss(HostFilesRestore files) {
        this.files = files;
    }

    /** What srvr says on every node, and whether they make a quorum. */
    public record QuorumState(List<KeeperSrvr> nodes, boolean quorum) {

        public List<String> lost() {
            return nodes.stream().filter(n -> !n.serving()).map(KeeperSrvr::node).toList();
        }

        public Optional<KeeperSrvr> leader() {
            return nodes.stream().filter(n -> n.mode().equals("leader")).findFirst();
        }

        @Override
        public String toString() {
            return String.join(", ", nodes.stream().map(KeeperSrvr::toString).toList());
        }
    }

    public QuorumState check(ComponentSpec keeper) {
        List<KeeperSrvr> nodes = keeper.nodes().stream().map(KeeperSrvr::of).toList();
        return new QuorumState(nodes, hasQuorum(nodes, keeper.nodes().size()));
    }

    /** A leader, and more than half of all nodes serving (2 of 3, 3 of 5). */
    static boolean hasQuorum(List<KeeperSrvr> nodes, int size) {
        long serving = nodes.stream().filter(KeeperSrvr::serving).count();
        boolean leader = nodes.stream().anyMatch(n -> n.mode().equals("leader") || n.mode().equals("standalone"));
        return leader && serving * 2 > size;
    }

    public List<String> plan(ComponentSpec keeper, Node lost, String archive) {
        List<String> steps = new ArrayList<>();
        steps.add("on " + lost.host() + ": " + HostFilesRestore.serviceCommand(keeper, lost, "stop") + "  (the lost node only; the quorum keeps serving)");
        steps.add("copy " + archive + " to local disk, checking its sha256");
        steps.add("on " + lost.host() + ": " + HostFilesRestore.emptyCommand(keeper, lost, KeeperRestore.paths(keeper, lost)));
        steps.add("on " + lost.host() + ": " + HostFilesRestore.unpackCommand(configMembers(keeper, lost))
                + "  (config only: same server_id and raft_configuration; no old coordination data)");
        steps.add("on " + lost.host() + ": " + HostFilesRestore.serviceCommand(keeper, lost, "start"));
        steps.add("check: srvr on " + lost.name() + " says follower and its node count and zxid reach the leader's (within "
                + CATCH_UP_LIMIT.toMinutes() + " min: the leader sends its snapshot)");
        return steps;
    }

    public boolean stop(ComponentSpec keeper, Node lost) {
        return files.stop(keeper, lost);
    }

    public void start(ComponentSpec keeper, Node lost) {
        files.start(keeper, lost);
    }

    /** Empties config and coordination, then unpacks only the config from the node's archive. */
    public void replaceConfig(ComponentSpec keeper, Node lost, VerifiedArtifact local) throws IOException {
        files.replaceFiles(keeper, lost, KeeperRestore.paths(keeper, lost), local, configMembers(keeper, lost));
    }

    /** Waits until the node follows and has what the leader has; returns the final srvr of all nodes. */
    public QuorumState awaitCaughtUp(ComponentSpec keeper, Node lost) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (true) {
            QuorumState state = check(keeper);
            KeeperSrvr node = state.nodes().stream().filter(n -> n.node().equals(lost.name())).findFirst().orElseThrow();
            Optional<KeeperSrvr> leader = state.leader();
            if (state.quorum() && state.lost().isEmpty() && node.mode().equals("follower") && leader.isPresent()
                    && node.nodeCount() == leader.get().nodeCount() && node.zxid().equals(leader.get().zxid())) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("keeper/" + lost.name() + " did not catch up with the leader within "
                        + CATCH_UP_LIMIT + ": " + state);
            }
            Thread.sleep(500);
        }
    }

    /** The config folders as the archive names them (relative to /). */
    static List<String> configMembers(ComponentSpec keeper, Node n) {
        return HostPathArchive.relativeToRoot(keeper.configPathsOf(n));
    }
}
