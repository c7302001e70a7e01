package com.logicor.runbook.etcd;

import com.logicor.runbook.command.ShellScript;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-shot run that lets a replacement member join an existing cluster: etcd with
 * {@code --initial-cluster-state existing} and the cluster's current members in {@code --initial-cluster},
 * until the member answers a linearizable read (it caught up with the leader), then stopped gracefully.
 * <p>
 * Why a separate run and not the member's own container: the container's command was written for the first
 * bootstrap ({@code --initial-cluster-state new}); on an empty data dir that would try to found a new
 * cluster. Once the data dir holds the member's data, etcd ignores every {@code --initial-cluster*} flag, so
 * the member's own, unchanged container can take over from there.
 */
public record EtcdJoin(String name, String dataDir, String peerUrl, String clientUrl, String listenPeerUrl,
                       String listenClientUrl, String initialCluster, Duration limit) {

    /** The join of inventory member {@code node} into a cluster whose member list is {@code members}. */
    public static EtcdJoin of(ComponentSpec etcd, Node node, List<EtcdMember> members, Duration limit) {
        String peer = node.endpoints().get("peer");
        String client = node.endpoints().get("client");
        // listens where it advertises, as the regulation's members do; an inventory endpoint is probed by the
        // reachability check, so a listen-only address (0.0.0.0) has no place there
        return new EtcdJoin(node.name(), dataDir(etcd, node), peer, client, peer, client,
                initialCluster(node.name(), peer, members), limit);
    }

    public static String dataDir(ComponentSpec etcd, Node node) {
        return EtcdRestore.dataDir(etcd, node);
    }

    /**
     * {@code name=peerURL} for every peer URL of every started member, and the joining member's own entry
     * (its added, unstarted entry has no name yet): what etcd checks against the cluster's member list.
     */
    static String initialCluster(String name, String peerUrl, List<EtcdMember> members) {
        List<String> entries = new ArrayList<>();
        for (EtcdMember m : members) {
            if (m.peerUrls().contains(peerUrl)) continue;
            if (!m.started()) {
                throw new IllegalStateException("etcd member " + m.id() + " (" + String.join(",", m.peerUrls())
                        + ") was added but never started: only one member can join at a time");
            }
            for (String url : m.peerUrls()) entries.add(m.name() + "=" + url);
        }
        entries.add(name + "=" + peerUrl);
        return String.join(",", entries);
    }

    /** The etcd command line of the join. */
    public List<String> etcdCommand() {
        return List.of("etcd", "--name", name, "--data-dir", dataDir,
                "--initial-cluster", initialCluster, "--initial-cluster-state", "existing",
                "--initial-advertise-peer-urls", peerUrl, "--listen-peer-urls", listenPeerUrl,
                "--listen-client-urls", listenClientUrl, "--advertise-client-urls", clientUrl);
    }

    /**
     * The shell script run in a container made like the member. It first removes what an interrupted earlier
     * join left in the data dir (the caller runs it only while the member has never started in the cluster).
     */
    public ShellScript script() {
        // settings as environment, not flags: etcdctl 3.4 refuses a flag whose ETCDCTL_* variable the member's
        // container also sets (the usual ETCDCTL_ENDPOINTS), and the helper inherits the member's environment
        ShellScript health = ShellScript.of("ETCDCTL_API=3 ETCDCTL_ENDPOINTS=").word(clientUrl)
                .literal(" ETCDCTL_COMMAND_TIMEOUT=3s etcdctl endpoint health");
        long seconds = Math.max(1, limit.toSeconds());
        return ShellScript.of("set -u; mkdir -p ").word(dataDir).literal("; chmod 700 ").word(dataDir)
                .literal("; rm -rf ").word(dataDir + "/member").literal("; ")
                .words(etcdCommand()).literal(" & pid=$!; n=0; ")
                .literal("while :; do ")
                .literal("if ! kill -0 $pid 2>/dev/null; then wait $pid; echo \"etcd exited ($?) before it joined\" >&2; exit 1; fi; ")
                .literal("if ").then(health).literal(" >/dev/null 2>&1; then break; fi; ")
                .literal("n=$((n+1)); if [ $n -ge ").number(seconds).literal(" ]; then kill -TERM $pid; wait $pid; ")
                .literal("echo \"not healthy within ").number(seconds).literal(" s\" >&2; exit 1; fi; sleep 1; ")
                .literal("done; echo joined; kill -TERM $pid; wait $pid; echo stopped; exit 0");
    }
}
