package com.logicor.runbook.clickhouse;

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
 * The regulation's ClickHouse config restore ({@code systemctl stop clickhouse-server}, {@code cp -r
 * …/config/* /etc/clickhouse-server/}, {@code systemctl start}), on every node, corrected: the folder is
 * emptied before the archive is unpacked ({@code cp} over it keeps a broken or unknown file that the backup
 * did not have — {@code config.d/} is read whole), and the server is only called back when it answers SQL.
 */
@Component
public class ClickHouseConfigRestore {

    static final String PROBE = "SELECT version() FORMAT TabSeparated";
    private static final Duration SERVING_LIMIT = Duration.ofMinutes(3);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final HostFilesRestore files;
    private final ClickHouseHttp http;

    public ClickHouseConfigRestore(HostFilesRestore files, ClickHouseHttp http) {
        this.files = files;
        this.http = http;
    }

    public List<String> plan(ComponentSpec clickhouse) {
        List<String> steps = new ArrayList<>(files.planService(clickhouse, "stop", "  (every node before any config is replaced)"));
        for (Node n : clickhouse.nodes()) {
            steps.add("copy " + ClickHouseConfigBackup.fileName(n) + " to local disk, checking its sha256");
            steps.add("on " + n.host() + ": " + HostFilesRestore.emptyCommand(clickhouse, n, clickhouse.configPathsOf(n)));
            steps.add("on " + n.host() + ": " + HostFilesRestore.UNPACK + "  (the archive's paths are the node's own, relative to /)");
        }
        steps.addAll(files.planService(clickhouse, "start", ""));
        for (Node n : clickhouse.nodes()) {
            steps.add("check " + n.name() + ": POST " + n.endpoints().getOrDefault("http", "<no http endpoint>") + " " + PROBE
                    + " answers (within " + SERVING_LIMIT.toMinutes() + " min)");
        }
        return steps;
    }

    public List<String> stopAll(ComponentSpec clickhouse) {
        return files.stopAll(clickhouse);
    }

    public void startAll(ComponentSpec clickhouse, List<String> names) {
        files.startAll(clickhouse, names);
    }

    public void restoreNode(ComponentSpec clickhouse, Node n, VerifiedArtifact local) throws IOException {
        files.replaceFiles(clickhouse, n, clickhouse.configPathsOf(n), local);
    }

    /** Waits until every node answers SQL; returns "node=version" per node. */
    public List<String> awaitServing(ComponentSpec clickhouse) throws InterruptedException {
        long deadline = System.nanoTime() + SERVING_LIMIT.toNanos();
        List<String> answers = new ArrayList<>();
        for (Node n : clickhouse.nodes()) {
            while (true) {
                try {
                    answers.add(n.name() + "=" + http.query(clickhouse, n, PROBE, PROBE_TIMEOUT, List.of()).strip());
                    break;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("clickhouse/" + n.name() + " does not answer SQL within "
                                + SERVING_LIMIT + " after its config was restored: " + e.getMessage(), e);
                    }
                    Thread.sleep(500);
                }
            }
        }
        return answers;
    }
}
