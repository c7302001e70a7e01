package com.logicor.runbook.keeper;

import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackup;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.hostfiles.HostPathArchive;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.ssh.SshHosts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * ClickHouse Keeper: config ({@code /etc/clickhouse-keeper/}) and coordination data
 * ({@code /var/lib/clickhouse/coordination/}) of EVERY node, all nodes at once. The regulation asks for "all
 * nodes at the same time" and then scripts one node; a restore of a quorum needs every member from one
 * moment, so here all archives are started together (one thread per node released by one latch) and the
 * start of each is measured: {@code startSpreadMillis} says how far apart the moments really were.
 *
 * <p>One tar per node ({@code <node>.tar}, kind {@code keeper}) holds both trees with the node's own paths,
 * relative to {@code /}. Keeper keeps running: its changelog may grow while read, which tar reports as "file
 * changed as we read it" (exit 1); that is accepted and listed, any other tar complaint fails the node
 * (see {@link HostPathArchive}).
 */
@Component
public class KeeperBackup implements ComponentBackup {

    static final String KIND = "keeper";

    private static final Logger log = LoggerFactory.getLogger(KeeperBackup.class);
    /** Above this the archives are not "one point in time" any more; worth a warning in the log. */
    private static final Duration SPREAD_WARNING = Duration.ofSeconds(5);

    private final Inventory inventory;
    private final SshHosts ssh;
    private final ArtifactStore store;

    public KeeperBackup(Inventory inventory, SshHosts ssh, ArtifactStore store) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.store = store;
    }

    @Override
    public ComponentId component() {
        return KeeperBlueprint.ID;
    }

    static String fileName(Node node) {
        return node.name() + ".tar";
    }

    static List<String> pathsOf(ComponentSpec component, Node node) {
        List<String> paths = new ArrayList<>(component.configPathsOf(node));
        paths.addAll(component.dataPathsOf(node));
        return paths;
    }

    @Override
    public List<String> plan(ComponentSpec component) {
        List<String> steps = new ArrayList<>();
        steps.add("every node must answer over SSH first (else nothing is archived); then all " + component.nodes().size()
                + " nodes at once (one thread each, released together; start of each archive measured):");
        for (Node node : component.nodes()) {
            String problem = problemOf(component, node);
            if (problem != null) {
                steps.add("  " + node.name() + ": CANNOT be archived (" + problem + ")");
                continue;
            }
            Host host = inventory.host(node.host());
            steps.add("  " + node.name() + ": ssh " + host.user() + "@" + host.address() + ":" + host.port() + " '"
                    + HostPathArchive.command(pathsOf(component, node)) + "' → " + KIND + " artifact " + fileName(node)
                    + " (compressed with the run's compression), sha256, S3 + local copy, read back");
        }
        steps.add("Keeper keeps serving; exit 1 with only 'file changed as we read it' is accepted (the files are listed),"
                + " any other tar message or status fails that node");
        return steps;
    }

    private static String problemOf(ComponentSpec component, Node node) {
        if (!node.onHost()) return "not on an SSH host";
        if (component.configPathsOf(node).isEmpty() && component.dataPathsOf(node).isEmpty()) return "no config_paths or data_paths";
        return null;
    }

    private record NodeOutcome(Node node, StoredArtifact artifact, HostPathArchive.Result tar, Instant requestedAt,
                               String failure) {}

    @Override
    public ComponentBackupResult run(ComponentSpec component, BackupRunContext run) {
        List<Node> nodes = component.nodes();
        // a set with a member missing is no point-in-time copy of the quorum: check all before starting any
        List<String> problems = new ArrayList<>();
        for (Node node : nodes) {
            String problem = problemOf(component, node);
            if (problem != null) problems.add(node.name() + ": " + problem);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(component.id() + ": cannot archive all nodes at once: " + String.join("; ", problems));
        }

        ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
            Thread t = new Thread(r, "keeper-backup");
            t.setDaemon(true);
            return t;
        });
        try {
            probeAll(component, pool);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
        CountDownLatch ready = new CountDownLatch(nodes.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<NodeOutcome>> futures = new ArrayList<>();
        try {
            for (Node node : nodes) {
                Host host = inventory.host(node.host());
                List<String> paths = pathsOf(component, node);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    Instant requested = Instant.now();
                    AtomicReference<HostPathArchive.Result> tar = new AtomicReference<>();
                    try {
                        StoredArtifact artifact = store.store(run, component, node.name(), KIND, fileName(node),
                                run.compression(), out -> tar.set(HostPathArchive.stream(ssh, host, paths, out, host.commandTimeout())));
                        return new NodeOutcome(node, artifact, tar.get(), requested, null);
                    } catch (RuntimeException e) {
                        return new NodeOutcome(node, null, null, requested, e.getMessage());
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<NodeOutcome> outcomes = new ArrayList<>();
            for (Future<NodeOutcome> f : futures) outcomes.add(f.get());
            return result(component, outcomes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(component.id() + ": interrupted while archiving the nodes", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(component.id() + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Every node must answer over SSH before any archive starts: an unreachable member would leave an
     * incomplete set. (It also warms up the SSH client, so the start spread is not inflated by first-use cost.)
     */
    private void probeAll(ComponentSpec component, ExecutorService pool) {
        List<Future<String>> probes = new ArrayList<>();
        for (Node node : component.nodes()) {
            Host host = inventory.host(node.host());
            probes.add(pool.submit(() -> {
                try {
                    ssh.probe(host);
                    return null;
                } catch (RuntimeException e) {
                    return node.name() + ": " + e.getMessage();
                }
            }));
        }
        List<String> unreachable = new ArrayList<>();
        for (Future<String> probe : probes) {
            try {
                String problem = probe.get();
                if (problem != null) unreachable.add(problem);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(component.id() + ": interrupted while checking the nodes", e);
            } catch (ExecutionException e) {
                unreachable.add(e.getCause().getMessage());
            }
        }
        if (!unreachable.isEmpty()) {
            throw new IllegalStateException(component.id() + ": not every node answers over SSH, nothing was archived: "
                    + String.join("; ", unreachable));
        }
    }

    private ComponentBackupResult result(ComponentSpec component, List<NodeOutcome> outcomes) {
        Map<String, Object> measurements = new LinkedHashMap<>();
        List<StoredArtifact> artifacts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        for (NodeOutcome o : outcomes) {
            String n = o.node().name();
            measurements.put(n + ".requestedAt", o.requestedAt().toString());
            if (o.failure() != null) {
                failures.add(o.failure());
                continue;
            }
            artifacts.add(o.artifact());
            // the first byte of tar's output: the archive really started reading the node's files
            measurements.put(n + ".startedAt", o.tar().firstByteAt().toString());
            measurements.put(n + ".tarBytes", o.tar().tarBytes());
            measurements.put(n + ".storedBytes", o.artifact().size());
            measurements.put(n + ".changedWhileRead", o.tar().changedWhileRead().isEmpty() ? "none"
                    : String.join(", ", o.tar().changedWhileRead()));
            starts.add(o.tar().firstByteAt());
        }
        if (!starts.isEmpty()) {
            Instant first = starts.stream().min(Comparator.naturalOrder()).orElseThrow();
            Instant last = starts.stream().max(Comparator.naturalOrder()).orElseThrow();
            long spread = Duration.between(first, last).toMillis();
            measurements.put("startSpreadMillis", spread);
            measurements.put("firstStartedAt", first.toString());
            if (spread > SPREAD_WARNING.toMillis()) {
                log.warn("{}: the node archives started {} ms apart — not one point in time", component.id(), spread);
            }
        }
        measurements.put("nodes", outcomes.size());
        if (!failures.isEmpty()) {
            throw new IllegalStateException(component.id() + ": " + failures.size() + " of " + outcomes.size()
                    + " nodes failed (" + artifacts.size() + " stored and verified, but the set is incomplete): "
                    + String.join("; ", failures));
        }
        return new ComponentBackupResult(artifacts, measurements);
    }
}
