package com.logicor.runbook.etcd;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.NodeLossPlay;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Optional;

/** etcd, Patroni's DCS: every member restored from one snapshot while Patroni is stopped; a lost member rejoins. */
public class EtcdBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("etcd");
    static final String STOP_PATRONI = "stop_patroni";
    static final String STOP_ETCD = "stop_etcd";
    static final String RESTORE_MEMBERS = "restore_members";
    static final String START_ETCD = "start_etcd";
    static final String START_PATRONI = "start_patroni";

    public EtcdBlueprint() {
        super(ID, "etcd (Patroni DCS)", 30);
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint(
                "The regulation's etcd restore, corrected: preflight (snapshot read back and its sha256 checked), approval gate, "
                        + "Patroni stopped on all nodes, etcd stopped, every member restored from the same snapshot into its volume "
                        + "with --name / --initial-cluster / --initial-advertise-peer-urls, etcd started and checked (health, keys, "
                        + "revision), Patroni started. Each step is its own job; a failing step takes the \"finally\" path that starts "
                        + "again what was stopped.",
                "Patroni is stopped while it is restored",
                List.of(RestorePhase.of(STOP_PATRONI, "Stop Patroni on all nodes"),
                        RestorePhase.of(STOP_ETCD, "Stop etcd members"),
                        RestorePhase.of(RESTORE_MEMBERS, "Restore every member from the snapshot"),
                        RestorePhase.of(START_ETCD, "Start etcd, check health and keys"),
                        RestorePhase.of(START_PATRONI, "Start Patroni")),
                "Finally: start again what was stopped",
                List.of()));
    }

    @Override
    public Optional<NodeLossPlay> nodeLoss() {
        return Optional.of(new NodeLossPlay("etcd-node-loss", "lostMember", "lostMember", "member"));
    }
}
