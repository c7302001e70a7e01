package com.logicor.runbook.etcd;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.command.ShellScript;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The regulation's "Потеря узла ETCD": check the quorum (2 of 3); with quorum replace the lost member, without
 * it restore from the snapshot (restore-etcd). The replacement is etcd's documented one: remove the lost
 * member from the cluster, empty its data dir, add it again with its peer URL, let it join with
 * {@code --initial-cluster-state existing} ({@link EtcdJoin}) — the regulation only says "add a new node" —
 * then start the member's own container and check that every member is healthy and holds the same keys.
 * <p>
 * Every method is idempotent, so a step run again after a crash finds what is already done and skips it.
 * Healthy members are only ever asked, never stopped or changed.
 */
@Component
public class EtcdNodeLoss {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration EMPTY_LIMIT = Duration.ofMinutes(2);
    /** Catching up is a snapshot transfer plus the log since; generous for etcd's 2 GiB default quota. */
    static final Duration JOIN_LIMIT = Duration.ofMinutes(10);
    private static final Duration HEALTH_LIMIT = Duration.ofMinutes(2);
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(1);

    private final Inventory inventory;
    private final DockerEngines docker;
    private final EtcdGateway gateway;

    public EtcdNodeLoss(Inventory inventory, DockerEngines docker, EtcdGateway gateway) {
        this.inventory = inventory;
        this.docker = docker;
        this.gateway = gateway;
    }

    /** What the quorum check saw: each member's own health, the cluster's member list and the quorum. */
    public record Assessment(Map<String, EtcdGateway.Health> health, List<EtcdMember> members, String listedBy) {

        public EtcdQuorum quorum() {
            return new EtcdQuorum(health.size(), (int) health.values().stream().filter(EtcdGateway.Health::healthy).count());
        }

        public List<String> unhealthy() {
            return health.entrySet().stream().filter(e -> !e.getValue().healthy()).map(Map.Entry::getKey).toList();
        }

        public String describeHealth() {
            List<String> lines = new ArrayList<>();
            health.forEach((name, h) -> lines.add(name + ": " + (h.healthy() ? "healthy" : "UNHEALTHY") + " (" + h.detail() + ")"));
            return String.join("\n", lines);
        }
    }

    /** Asks every inventory member for its health and one healthy member (else any that answers) for the member list. */
    public Assessment assess(ComponentSpec etcd) {
        Map<String, EtcdGateway.Health> health = new LinkedHashMap<>();
        for (Node n : etcd.nodes()) health.put(n.name(), gateway.health(client(n)));
        List<EtcdMember> members = List.of();
        String listedBy = null;
        List<Node> order = new ArrayList<>(etcd.nodes());
        order.sort((a, b) -> Boolean.compare(!health.get(a.name()).healthy(), !health.get(b.name()).healthy()));
        for (Node n : order) {
            try {
                members = gateway.memberList(client(n));
                listedBy = n.name();
                break;
            } catch (RuntimeException noAnswer) {
                // the next member may answer; without any answer the list stays empty
            }
        }
        return new Assessment(health, members, listedBy);
    }

    /**
     * The member to replace: the one named by the operator (it must be in the inventory), else the first
     * unhealthy one; empty when all are healthy.
     */
    public Optional<Node> lostMember(ComponentSpec etcd, Assessment assessment, String requested) {
        if (requested != null && !requested.isBlank()) {
            return Optional.of(etcd.nodes().stream().filter(n -> n.name().equals(requested.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("lostMember '" + requested + "' is not an etcd member of the inventory: "
                            + etcd.nodes().stream().map(Node::name).toList())));
        }
        return assessment.unhealthy().stream().findFirst().map(etcd::node);
    }

    /** Checks the inventory has what the replacement needs; returns the problems (empty: fine). */
    public static List<String> problems(ComponentSpec etcd) {
        List<String> problems = new ArrayList<>();
        for (Node n : etcd.nodes()) {
            if (n.container() == null || n.engine() == null) problems.add(n.name() + ": needs engine and container");
            if (n.endpoints().get("client") == null || n.endpoints().get("peer") == null) problems.add(n.name() + ": needs client and peer endpoints");
        }
        return problems;
    }

    /** The exact calls and commands of the replacement, for the approver and for dry runs. */
    public List<String> plan(ComponentSpec etcd, Node lost, Assessment assessment) {
        String via = healthyOther(etcd, lost, assessment.health()).map(EtcdNodeLoss::client).orElse("<a healthy member>");
        Optional<EtcdMember> listed = EtcdMember.byPeerUrl(assessment.members(), peer(lost));
        EtcdJoin join = EtcdJoin.of(etcd, lost, withoutPeer(assessment.members(), peer(lost)), JOIN_LIMIT);
        List<String> steps = new ArrayList<>();
        steps.add("replace etcd member " + lost.name() + " (container " + lost.container() + " on engine " + lost.engine()
                + ", peer " + peer(lost) + ", client " + client(lost) + "); healthy members are not touched");
        steps.add(listed.map(m -> "POST " + via + "/v3/cluster/member/remove {\"ID\":\"" + m.id() + "\"}  (member remove " + m.id() + ")")
                .orElse("member remove: nothing to do, " + peer(lost) + " is not in the member list"));
        steps.add("docker stop --time " + GRACE.toSeconds() + " " + lost.container() + "  (if it runs)");
        steps.add("docker run --rm <image, mounts and env of " + lost.container() + "> sh -c "
                + ShellQuote.quote(emptyScript(join.dataDir()).text()) + "  (the lost member's data: its old identity must not come back)");
        steps.add("POST " + via + "/v3/cluster/member/add {\"peerURLs\":[\"" + peer(lost) + "\"]}  (member add; skipped if already added)");
        steps.add("docker run --rm <image, mounts and env of " + lost.container() + "> " + String.join(" ", join.etcdCommand().stream().map(ShellQuote::quote).toList())
                + "  (initial cluster from the member list after the add; until etcdctl endpoint health answers, then SIGTERM)");
        steps.add("docker start " + lost.container() + "; wait until " + client(lost) + "/health says true (the data dir now exists: "
                + "its own command's --initial-cluster* flags are ignored)");
        steps.add("check: every member healthy, the member list holds exactly " + etcd.nodes().stream().map(Node::name).toList()
                + " all started, every member holds the same number of keys (serializable range on each)");
        steps.add("on a failure: the member's container is started again if its data is intact (or joined); healthy members are left alone");
        return steps;
    }

    /** member remove of the lost member's entry, if the cluster still lists it. Returns the removed ID, or null. */
    public String removeFromCluster(ComponentSpec etcd, Node lost) {
        String via = client(requireHealthyOther(etcd, lost));
        Optional<EtcdMember> listed = EtcdMember.byPeerUrl(gateway.memberList(via), peer(lost));
        if (listed.isEmpty()) return null;
        retryWhileSettling(() -> {
            gateway.memberRemove(via, listed.get().id());
            return null;
        });
        return listed.get().id();
    }

    /** Stops the member's container if it runs; true if it was running. */
    public boolean stop(Node lost) {
        DockerEngine engine = inventory.engine(lost.engine());
        if (!docker.inspect(engine, lost.container()).running()) return false;
        docker.stop(engine, lost.container(), GRACE);
        return true;
    }

    /** Removes the member's data ({@code <data dir>/member}) with the member's own mounts; it must be stopped. */
    public void emptyDataDir(ComponentSpec etcd, Node lost) {
        DockerEngine engine = inventory.engine(lost.engine());
        if (docker.inspect(engine, lost.container()).running()) {
            throw new IllegalStateException("etcd member " + lost.name() + " (" + lost.container() + ") is running: stop it first");
        }
        String dir = EtcdJoin.dataDir(etcd, lost);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = docker.runLike(engine, lost.container(), emptyScript(dir).sh(), out, EMPTY_LIMIT);
        if (!r.ok()) {
            throw new IllegalStateException("emptying " + dir + " of " + lost.name() + " exited " + r.exitStatus() + ": " + r.stderr().strip());
        }
    }

    /** {@code rm -rf <data dir>/member}, the data dir quoted. */
    static ShellScript emptyScript(String dataDir) {
        return ShellScript.of("rm -rf ").word(dataDir + "/member");
    }

    /** member add with the lost member's peer URL; an entry already added (unstarted) is kept. Returns its ID. */
    public String add(ComponentSpec etcd, Node lost) {
        String via = client(requireHealthyOther(etcd, lost));
        Optional<EtcdMember> listed = EtcdMember.byPeerUrl(gateway.memberList(via), peer(lost));
        if (listed.isPresent()) {
            if (listed.get().started()) {
                throw new IllegalStateException("peer " + peer(lost) + " is already a started member (" + listed.get().name()
                        + ", " + listed.get().id() + "): it was not removed");
            }
            return listed.get().id();
        }
        return retryWhileSettling(() -> gateway.memberAdd(via, peer(lost))).id();
    }

    /**
     * etcd's strict reconfiguration check refuses a membership change ("etcdserver: unhealthy cluster") until
     * every voting member has been connected for 5 s — e.g. right after a member (re)started. That clears up by
     * itself, so it is waited out here instead of failing the replacement; any other refusal fails at once.
     */
    private static <T> T retryWhileSettling(java.util.function.Supplier<T> change) {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (true) {
            try {
                return change.get();
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("unhealthy cluster") || System.nanoTime() > deadline) throw e;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster to settle", e);
            }
        }
    }

    /**
     * Lets the added member join in a one-shot container made like it ({@link EtcdJoin}). Skipped (false) when
     * the cluster lists the member as started already: its data dir then holds the joined member.
     */
    public boolean join(ComponentSpec etcd, Node lost) {
        String via = client(requireHealthyOther(etcd, lost));
        List<EtcdMember> members = gateway.memberList(via);
        EtcdMember entry = EtcdMember.byPeerUrl(members, peer(lost))
                .orElseThrow(() -> new IllegalStateException("peer " + peer(lost) + " is not in the member list: add it first"));
        if (entry.started()) return false;
        DockerEngine engine = inventory.engine(lost.engine());
        if (docker.inspect(engine, lost.container()).running()) {
            throw new IllegalStateException("etcd member " + lost.name() + " (" + lost.container() + ") runs on old data: stop it first");
        }
        EtcdJoin join = EtcdJoin.of(etcd, lost, members, JOIN_LIMIT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = docker.runLike(engine, lost.container(), join.script().sh(), out, JOIN_LIMIT.plusMinutes(1));
        String said = out.toString(StandardCharsets.UTF_8);
        if (!r.ok() || !said.contains("joined")) {
            throw new IllegalStateException("join of " + lost.name() + " exited " + r.exitStatus() + ": " + said.strip() + " " + tail(r.stderr()));
        }
        return true;
    }

    /** Starts the member's own container and waits until it is healthy. */
    public void startAndAwait(Node lost) throws InterruptedException {
        docker.start(inventory.engine(lost.engine()), lost.container());
        gateway.awaitHealthy(client(lost), lost.name(), HEALTH_LIMIT);
    }

    /** Starts the container (idempotent), without waiting: the finally path's way back. */
    public void start(Node node) {
        docker.start(inventory.engine(node.engine()), node.container());
    }

    /**
     * Every member healthy, the member list exactly the inventory's members and all started, every member
     * with the same number of keys. Retried for a while: a member that just started may still be applying.
     */
    public String check(ComponentSpec etcd) throws InterruptedException {
        long deadline = System.nanoTime() + HEALTH_LIMIT.toNanos();
        String problem;
        while (true) {
            problem = problem(etcd);
            if (problem.startsWith("ok: ")) return problem.substring(4);
            if (System.nanoTime() > deadline) throw new IllegalStateException(problem);
            Thread.sleep(1000);
        }
    }

    private String problem(ComponentSpec etcd) {
        Map<String, Long> keys = new LinkedHashMap<>();
        for (Node n : etcd.nodes()) {
            EtcdGateway.Health h = gateway.health(client(n));
            if (!h.healthy()) return "member " + n.name() + " is not healthy: " + h.detail();
        }
        List<EtcdMember> members = gateway.memberList(client(etcd.nodes().get(0)));
        Set<String> listed = new TreeSet<>(members.stream().map(EtcdMember::name).toList());
        Set<String> expected = new TreeSet<>(etcd.nodes().stream().map(Node::name).toList());
        if (members.size() != expected.size() || !listed.equals(expected)) {
            return "member list " + EtcdMember.describe(members).replace('\n', ';') + " is not the inventory's " + expected;
        }
        for (Node n : etcd.nodes()) keys.put(n.name(), gateway.countKeysLocally(client(n)));
        if (keys.values().stream().distinct().count() != 1) return "members hold different numbers of keys: " + keys;
        return "ok: " + members.size() + " members healthy and started, each holds " + keys.values().iterator().next() + " keys";
    }

    private Node requireHealthyOther(ComponentSpec etcd, Node lost) {
        Map<String, EtcdGateway.Health> health = new LinkedHashMap<>();
        for (Node n : etcd.nodes()) if (!n.name().equals(lost.name())) health.put(n.name(), gateway.health(client(n)));
        return healthyOther(etcd, lost, health).orElseThrow(() -> new IllegalStateException(
                "no healthy etcd member to change the membership through: " + health));
    }

    private static Optional<Node> healthyOther(ComponentSpec etcd, Node lost, Map<String, EtcdGateway.Health> health) {
        return etcd.nodes().stream().filter(n -> !n.name().equals(lost.name()))
                .filter(n -> health.containsKey(n.name()) && health.get(n.name()).healthy()).findFirst();
    }

    /** The member list as it will be after the remove and add: the lost entry gone, so the plan shows the join's flags. */
    private static List<EtcdMember> withoutPeer(List<EtcdMember> members, String peer) {
        return members.stream().filter(m -> !m.peerUrls().contains(peer)).toList();
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 1500 ? "…" + t.substring(t.length() - 1500) : t;
    }

    static String client(Node n) {
        return n.endpoints().get("client");
    }

    static String peer(Node n) {
        return n.endpoints().get("peer");
    }
}
