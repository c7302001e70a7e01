package com.logicor.runbook.clickhouse;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.hostfiles.HostFilesRestore;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * ClickHouse's runbook: config first (every node from one backup run, like Keeper), then the data when the
 * inventory backs it up and {@code restoreData} is not false, with seed 001's {@code overwrite} (default false). The
 * work is in {@link ClickHouseConfigRestore} and {@link ClickHouseDataRestore}.
 */
@Component
public class ClickHouseRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new ClickHouseBlueprint();
    private static final String GROUP = ClickHouseBlueprint.ID.id();
    /** The data artifacts restored so far: one restored before a crash is not restored again. */
    static final ProcessVariable<List<String>> DATA_DONE = ProcessVariable.list("clickhouseDataRestored");
    static final ProcessVariable<String> SERVING = ProcessVariable.text("clickhouseServing");
    static final ProcessVariable<String> DATA_OUTCOME = ProcessVariable.text("clickhouseDataOutcome");

    private final BackupCatalog catalog;
    private final ArtifactReader reader;
    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ClickHouseConfigRestore config;
    private final ClickHouseDataRestore data;
    private final HostFilesRestore files;

    public ClickHouseRunbook(BackupCatalog catalog, ArtifactReader reader, RestorePreflight preflight, RestoreArtifacts artifacts,
                             ClickHouseConfigRestore config, ClickHouseDataRestore data, HostFilesRestore files) {
        this.catalog = catalog;
        this.reader = reader;
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.config = config;
        this.data = data;
        this.files = files;
    }

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public String verify(ComponentSpec ch) throws Exception {
        List<String> counts = new ArrayList<>();
        for (Node n : ch.nodes()) counts.add(n.name() + " " + files.countFiles(ch, n, ch.configPathsOf(n)));
        return "clickhouse answers SQL (" + String.join(", ", config.awaitServing(ch)) + "); "
                + String.join("; ", data.census(ch)) + "; config files: " + String.join(", ", counts);
    }

    @Override
    public RestorePreparation preflight(RestoreContext ctx) {
        ComponentSpec ch = ctx.spec();
        Map<String, BackupArtifact> configs = preflight.newestCompleteRun(ctx.execution(), ClickHouseBlueprint.ID,
                ClickHouseConfigBackup.KIND, ch.nodes().stream().map(Node::name).toList());
        List<String> evidence = new ArrayList<>();
        configs.forEach((node, a) -> evidence.add(node + ": " + RestorePreflight.evidence(preflight.verifyAndHold(ctx.execution(), node, a))));

        boolean overwrite = ctx.isTrue(ClickHouseBlueprint.OVERWRITE.asFlag());
        ctx.set(ClickHouseBlueprint.OVERWRITE.asFlag(), overwrite);
        boolean restoreData = ClickHouseDataRestore.backedUp(ch)
                && ctx.getOrDefault(ClickHouseBlueprint.RESTORE_DATA_FLAG.asFlag(), true);
        ctx.set(ClickHouseBlueprint.RESTORE_DATA_FLAG.asFlag(), restoreData);
        List<String> plan = new ArrayList<>(config.plan(ch));
        if (restoreData) {
            List<BackupArtifact> chosen = data.choose(ch, ctx.getOrDefault(ClickHouseBlueprint.DATA_RUN_ID.asText(), null));
            for (BackupArtifact a : chosen) {
                evidence.add(a.node() + ": " + data.check(ch, a));
                catalog.hold(a.id(), ctx.caseId(), "restore " + ctx.caseId());
            }
            ctx.set(ClickHouseBlueprint.DATA_ARTIFACTS.asList(), chosen.stream().map(BackupArtifact::id).toList());
            plan.addAll(data.plan(ch, chosen, overwrite));
        } else {
            plan.add(ClickHouseDataRestore.backedUp(ch) ? "data: not restored (restoreData=false)"
                    : "data: not restored — the inventory does not back ClickHouse data up (data_backup: none)");
        }
        return new RestorePreparation(String.join("\n", evidence), plan);
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) throws Exception {
        ComponentSpec ch = ctx.spec();
        switch (phase) {
            case ClickHouseBlueprint.STOP -> ctx.stopped(GROUP).record(config.stopAll(ch));
            case ClickHouseBlueprint.RESTORE_CONFIG -> {
                for (Node n : ch.nodes()) {
                    reader.withLocalCopy(artifacts.recall(ctx.execution(), n.name()), local -> config.restoreNode(ch, n, local));
                }
            }
            case ClickHouseBlueprint.START_AND_CHECK -> {
                bringBack(ctx);
                ctx.set(SERVING, String.join(", ", config.awaitServing(ch)));
            }
            case ClickHouseBlueprint.RESTORE_DATA -> restoreData(ctx);
            default -> throw new IllegalArgumentException("clickhouse has no restore phase " + phase);
        }
    }

    /** Each data artifact once: one restored before a crash is not restored again. */
    private void restoreData(RestoreContext ctx) throws Exception {
        boolean overwrite = ctx.isTrue(ClickHouseBlueprint.OVERWRITE.asFlag());
        List<String> done = new ArrayList<>(ctx.getOrDefault(DATA_DONE, List.of()));
        List<String> outcomes = new ArrayList<>();
        for (String id : ctx.getOrDefault(ClickHouseBlueprint.DATA_ARTIFACTS.asList(), List.of())) {
            if (done.contains(id)) continue;
            BackupArtifact a = catalog.findArtifact(id).orElseThrow(() -> new IllegalStateException("artifact " + id + " left the catalog"));
            outcomes.add(a.node() + ": " + data.restore(ctx.spec(), a, overwrite));
            done.add(id);
            ctx.set(DATA_DONE, done);
        }
        ctx.set(DATA_OUTCOME, String.join("\n", outcomes));
    }

    @Override
    public void bringBack(RestoreContext ctx) {
        config.startAll(ctx.spec(), ctx.stopped(GROUP).names());
    }
}
