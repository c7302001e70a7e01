package com.logicor.runbook.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.lab.Drill;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import com.logicor.runbook.restore.ExecutedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * restore-clickhouse on the lab's ClickHouse 18.16 (config: real; the lab backs no data up, so the data half is
 * planned as "not restored" — its commands are tested by text in ClickHouseDataRestoreTest).
 */
class RestoreClickHouseIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(ClickHouseDrill::new);
    static Lab lab;
    static RunbookApp app;
    static ClickHouseDrill clickhouse;

    @Test
    void brokenConfigIsReplacedByTheBackedUpOneAndTheServerAnswersWithItsData() throws Exception {
        Drill drill = Drill.roundTrip(app, clickhouse); // every config file back, nothing the backup did not have; the rows

        assertThat(clickhouse.seededChecksum()).isEqualTo(lab.seed("clickhouse").path("checksum").asText());
        String pi = drill.processInstanceId();
        assertThat((String) app.variable(pi, "clickhouseServing")).startsWith("clickhouse-1=18.");
        assertThat((String) app.variable(pi, "restoreEvidence")).contains("clickhouse-1-config.tar").contains("re-verified");
        assertThat((String) app.variable(pi, "restorePlan"))
                .contains("lab-service clickhouse-1 stop").contains("find /etc/clickhouse-server/ -mindepth 1 -delete")
                .contains("tar -x -p -C /").contains("SELECT version()")
                .contains("data: not restored — the inventory does not back ClickHouse data up");
        @SuppressWarnings("unchecked")
        List<String> executed = (List<String>) app.variable(pi, "executedCommands");
        ExecutedCommands.assertPlanned((String) app.variable(pi, "restorePlan"), executed);
    }

    @Test
    void aDryRunPlansAndTouchesNothing() throws Exception {
        BackupRun backup = app.backUp("clickhouse");
        Map<String, String> before = clickhouse.fingerprint();
        String pi = app.start("restore-clickhouse", Map.of("backupRunId", backup.id(), "dryRun", true));
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(2)).getEndActivityId()).isEqualTo("end_dry_run");
        assertThat((String) app.variable(pi, "restorePlan")).contains("tar -x -p -C /");
        assertThat(clickhouse.fingerprint()).isEqualTo(before);
        assertThat(clickhouse.seededChecksum()).isEqualTo(lab.seed("clickhouse").path("checksum").asText());
    }
}
