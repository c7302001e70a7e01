package com.logicor.runbook.etcd;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.RestoreArtifacts;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.restore.VerifiedArtifact;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * etcd's runbook: Patroni (its client) stopped, every member restored from one snapshot, etcd and then Patroni
 * started; the finally path starts whatever this restore stopped. The work is in {@link EtcdRestore}.
 */
@Component
public class EtcdRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new EtcdBlueprint();
    /** Patroni runs beside the PostgreSQL component's nodes: etcd's restore stops and starts it. */
    private static final ComponentId PATRONI_HOSTS = ComponentId.of("postgresql");
    private static final String SNAPSHOT = "snapshot";
    private static final String ETCD = "etcd";
    private static final String PATRONI = "patroni";
    /** Shown to the approver; the restore step computes its own from the case. */
    static final ProcessVariable<String> CLUSTER_TOKEN = ProcessVariable.text("clusterToken");
    static final ProcessVariable<Long> KEYS_AFTER_RESTORE = ProcessVariable.number("keysAfterRestore");

    private final RestorePreflight preflight;
    private final RestoreArtifacts artifacts;
    private final EtcdRestore restore;

    public EtcdRunbook(RestorePreflight preflight, RestoreArtifacts artifacts, EtcdRestore restore) {
        this.preflight = preflight;
        this.artifacts = artifacts;
        this.restore = restore;
    }

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }

    @Override
    public String verify(ComponentSpec etcd) throws Exception {
        return "etcd healthy, " + restore.awaitHealthyAndCountKeys(etcd) + " keys";
    }

    /** Chooses and re-verifies the snapshot, checks the inventory has what a restore needs, plans, holds. */
    @Override
    public RestorePreparation preflight(RestoreContext ctx) {
        ComponentSpec etcd = ctx.spec();
        List<String> problems = new ArrayList<>();
        for (Node n : etcd.nodes()) {
            if (n.container() == null || n.engine() == null || n.volume() == null) problems.add(n.name() + ": needs engine, container and volume");
            if (n.endpoints().get("client") == null || n.endpoints().get("peer") == null) problems.add(n.name() + ": needs client and peer endpoints");
        }
        if (!problems.isEmpty()) throw new IllegalStateException("etcd restore: " + String.join("; ", problems));
        VerifiedArtifact verified = preflight.chooseAndVerify(ctx.execution(), EtcdBlueprint.ID, EtcdSnapshotBackup.KIND, SNAPSHOT);
        String token = EtcdRestore.clusterToken(ctx.caseId());
        ctx.set(CLUSTER_TOKEN, token);
        return new RestorePreparation(RestorePreflight.evidence(verified) + "\nmembers: " + EtcdRestore.initialCluster(etcd),
                restore.plan(etcd, patroni(ctx), token));
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) throws Exception {
        ComponentSpec etcd = ctx.spec();
        switch (phase) {
            case EtcdBlueprint.STOP_PATRONI -> ctx.stopped(PATRONI).record(restore.stop(patroni(ctx)));
            case EtcdBlueprint.STOP_ETCD -> ctx.stopped(ETCD).record(restore.stop(etcd));
            case EtcdBlueprint.RESTORE_MEMBERS -> restore.restoreMembers(etcd, artifacts.recall(ctx.execution(), SNAPSHOT),
                    EtcdRestore.clusterToken(ctx.caseId()));
            case EtcdBlueprint.START_ETCD -> {
                restore.start(etcd, etcd.nodes().stream().map(Node::container).toList());
                long keys = restore.awaitHealthyAndCountKeys(etcd);
                if (keys <= 0) throw new IllegalStateException("etcd is healthy but holds no keys after the restore");
                ctx.set(KEYS_AFTER_RESTORE, keys);
            }
            case EtcdBlueprint.START_PATRONI -> restore.start(patroni(ctx), ctx.stopped(PATRONI).names());
            default -> throw new IllegalArgumentException("etcd has no restore phase " + phase);
        }
    }

    /** Finally: start again whatever this restore stopped. Its own failure is an incident. */
    @Override
    public void bringBack(RestoreContext ctx) {
        restore.start(ctx.spec(), ctx.stopped(ETCD).names());
        restore.start(patroni(ctx), ctx.stopped(PATRONI).names());
    }

    private static ComponentSpec patroni(RestoreContext ctx) {
        return ctx.inventory().component(PATRONI_HOSTS);
    }
}
