package com.logicor.runbook.keeper;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.NodeLossPlay;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Optional;

/** ClickHouse Keeper: the whole quorum restored from one backup run; a lost node rejoins by its own play. */
public class KeeperBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("keeper");
    static final String STOP = "stop";
    static final String RESTORE_NODES = "restore_nodes";
    static final String START_AND_CHECK = "start_and_check";

    public KeeperBlueprint() {
        super(ID, "ClickHouse Keeper", 10);
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.of(new RestoreBlueprint(
                "ClickHouse Keeper restore for the whole quorum from one backup run: preflight (every node's archive read back "
                        + "and its sha256 checked), approval gate, all nodes stopped, each node's config and coordination folders "
                        + "emptied and unpacked from a locally checked copy of its archive, all started, quorum checked (srvr: one "
                        + "leader, followers). A failing step takes the finally path that starts the nodes again.",
                "every node is stopped and restored from one backup run",
                List.of(RestorePhase.of(STOP, "Stop every Keeper node"),
                        RestorePhase.of(RESTORE_NODES, "Restore config and coordination of every node"),
                        RestorePhase.of(START_AND_CHECK, "Start every node, check the quorum")),
                "Finally: start the Keeper nodes again",
                List.of()));
    }

    @Override
    public Optional<NodeLossPlay> nodeLoss() {
        return Optional.of(new NodeLossPlay("keeper-node-loss", "lostNode", "lostNodes", "nodes"));
    }
}
