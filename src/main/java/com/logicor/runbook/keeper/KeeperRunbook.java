package com.logicor.runbook.keeper;

import com.logicor.runbook.catalog.BackupArtifact;
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

/** ClickHouse Keeper's runbook: the quorum's restore phases and its check; the work is in {@link KeeperRestore}. */
@Component
public class KeeperRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new KeeperBlueprint();
    static final ProcessVariable<String> QUORUM = ProcessVariable.text("quorum");

    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final ArtifactReader reader;
    private final KeeperRestore restore;
    private final HostFilesRestore files;

    public KeeperRunbook(RestorePreflight preflight, RestoreArtifacts artifacts, ArtifactReader reader, KeeperRestore restore,
                         HostFilesRestore files) {
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.reader = reader;
        this.restore = restore;
        this.files = files;
    }

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public String verify(ComponentSpec keeper) throws Exception {
        List<String> counts = new ArrayList<>();
        for (Node n : keeper.nodes()) counts.add(n.name() + " " + files.countFiles(keeper, n, KeeperRestore.paths(keeper, n)));
        return "keeper quorum " + String.join(", ", restore.awaitQuorum(keeper)) + "; files in config and coordination: "
                + String.join(", ", counts);
    }

    @Override
    public RestorePreparation preflight(RestoreContext ctx) {
        ComponentSpec keeper = ctx.spec();
        Map<String, BackupArtifact> chosen = preflight.newestCompleteRun(ctx.execution(), KeeperBlueprint.ID, KeeperBackup.KIND,
                keeper.nodes().stream().map(Node::name).toList());
        List<String> evidence = new ArrayList<>();
        chosen.forEach((node, a) -> evidence.add(node + ": " + RestorePreflight.evidence(preflight.verifyAndHold(ctx.execution(), node, a))));
        return new RestorePreparation(String.join("\n", evidence), restore.plan(keeper));
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) throws Exception {
        ComponentSpec keeper = ctx.spec();
        switch (phase) {
            case KeeperBlueprint.STOP -> ctx.stopped(KeeperBlueprint.ID.id()).record(restore.stopAll(keeper));
            case KeeperBlueprint.RESTORE_NODES -> {
                for (Node n : keeper.nodes()) {
                    reader.withLocalCopy(artifacts.recall(ctx.execution(), n.name()), local -> restore.restoreNode(keeper, n, local));
                }
            }
            case KeeperBlueprint.START_AND_CHECK -> {
                bringBack(ctx);
                ctx.set(QUORUM, String.join(", ", restore.awaitQuorum(keeper)));
            }
            default -> throw new IllegalArgumentException("keeper has no restore phase " + phase);
        }
    }

    @Override
    public void bringBack(RestoreContext ctx) {
        restore.startAll(ctx.spec(), ctx.stopped(KeeperBlueprint.ID.id()).names());
    }
}
