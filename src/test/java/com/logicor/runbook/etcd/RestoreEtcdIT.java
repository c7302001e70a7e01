package com.logicor.runbook.etcd;

import static com.logicor.runbook.etcd.EtcdDrill.b64;
import static com.logicor.runbook.etcd.EtcdDrill.etcd;
import static com.logicor.runbook.etcd.EtcdDrill.healthy;
import static com.logicor.runbook.etcd.EtcdDrill.seedSha;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Drill;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.RunbookApp;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** restore-etcd on the lab: keys deleted and added after the backup, then the cluster is back to the snapshot. */
class RestoreEtcdIT {

    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(EtcdDrill::new);
    static Lab lab;
    static RunbookApp app;
    static EtcdDrill etcd;

    @Test
    void theClusterIsBackToTheSnapshotAndPatroniRunsAgain() throws Exception {
        Drill drill = Drill.roundTrip(app, etcd); // the seeded keys back, the key written after the backup gone

        assertThat(etcd.fingerprint()).as("as seeded").isEqualTo(etcd.seeded());
        assertThat(etcd("/v3/kv/range", Map.of("key", b64("/service/logiq/leader"))).path("kvs").get(0).path("value").asText())
                .isEqualTo(b64("patroni"));
        assertPatroniRunning();
        assertThat((Long) drill.variable("keysAfterRestore")).isEqualTo(lab.seed("etcd").path("keys_total").asLong());
    }

    @Test
    void aDryRunListsEveryStepAndStopsNothing() throws Exception {
        BackupRun backup = app.backUp("etcd");
        String before = seedSha();
        String pi = app.start("restore-etcd", Map.of("backupRunId", backup.id(), "dryRun", true));
        assertThat(app.awaitEnd(pi, Duration.ofMinutes(3)).getEndActivityId()).isEqualTo("end_dry_run");
        assertThat((String) app.variable(pi, "restorePlan")).contains("docker stop --time 30 patroni")
                .contains("docker stop --time 30 etcd").contains("--initial-cluster etcd=http://127.0.0.1:2380")
                .contains("--initial-advertise-peer-urls http://127.0.0.1:2380").contains("snapshot restore")
                .contains("/etcd-data/member");
        assertThat(seedSha()).isEqualTo(before);
        assertThat(healthy()).isTrue();
    }

    @Test
    void aSnapshotDamagedAfterApprovalFailsTheRestoreAndTheFinallyPathStartsEverythingAgain() throws Exception {
        BackupRun backup = app.backUp("etcd");
        String before = seedSha();
        String pi = app.start("restore-etcd", Map.of("backupRunId", backup.id(), "approvalRequired", true));
        org.camunda.bpm.engine.task.Task approval = app.awaitTask(pi, Duration.ofMinutes(2));
        // between preflight and the copy: one byte of the stored snapshot changes
        var snapshot = app.bean(BackupCatalog.class).artifactsOfRun(backup.id()).get(0);
        var s3 = app.bean(com.logicor.runbook.storage.BackupStorage.class).remote().orElseThrow();
        String key = snapshot.remoteLocation().substring(("s3://" + s3.bucket() + "/").length());
        byte[] bytes;
        try (var in = s3.get(key)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 3] ^= 0x20;
        s3.put(key, new java.io.ByteArrayInputStream(bytes), "application/octet-stream");
        app.approveAs("bob", approval.getId(), true);

        HistoricProcessInstance done = app.awaitEnd(pi, Duration.ofMinutes(5));
        assertThat(done.getEndActivityId()).isEqualTo("end_failed");
        assertThat((String) app.variable(pi, "failure")).contains("Restore every member").contains("sha256");
        assertThat(healthy()).as("etcd started again").isTrue();
        assertThat(seedSha()).as("the member's old data stayed in place").isEqualTo(before);
        assertPatroniRunning();
    }

    static void assertPatroniRunning() {
        Inventory inventory = app.bean(Inventory.class);
        for (Node n : inventory.component(ComponentId.of("postgresql")).nodes()) {
            assertThat(app.bean(DockerEngines.class).inspect(inventory.engine(n.engine()), n.container()).running())
                    .as("Patroni container " + n.container() + " started again").isTrue();
        }
    }
}
