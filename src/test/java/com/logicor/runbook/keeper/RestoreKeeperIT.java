package com.logicor.runbook.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Drill;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import java.util.List;
import com.logicor.runbook.restore.ExecutedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** restore-keeper on the lab's three Keeper nodes: damaged config and coordination back, quorum again. */
class RestoreKeeperIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(KeeperDrill::new);
    static RunbookApp app;
    static KeeperDrill keeper;

    @Test
    void everyNodeGetsItsConfigAndCoordinationBackAndTheQuorumRuns() throws Exception {
        Drill drill = Drill.roundTrip(app, keeper);

        assertThat((String) drill.variable("quorum")).contains("leader").contains("follower");
        Inventory inventory = app.bean(Inventory.class);
        int leaders = 0;
        for (Node n : inventory.component(ComponentId.of("keeper")).nodes()) {
            String mode = KeeperSrvr.of(n).mode();
            assertThat(mode).isIn("leader", "follower");
            if (mode.equals("leader")) leaders++;
        }
        assertThat(leaders).isEqualTo(1);
        assertThat((String) drill.variable("restorePlan")).contains("tar -x -p -C /").contains("srvr");
        @SuppressWarnings("unchecked")
        List<String> executed = (List<String>) drill.variable("executedCommands");
        ExecutedCommands.assertPlanned((String) drill.variable("restorePlan"), executed);
    }
}
