package com.logicor.runbook.backup;

import com.logicor.runbook.streams.Compression;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Retention;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention against the lab's backup S3 and local root, on a scratch component folder per test. */
class RetentionPrunerIT {

    BackupTestKit kit = new BackupTestKit(Lab.require());

    /** The lab's vault component with other retention limits. */
    ComponentSpec vaultWith(Retention retention) {
        ComponentSpec v = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("vault"));
        return new ComponentSpec(v.id(), v.nodes(), v.configPaths(), v.dataPaths(), v.service(), v.credentials(), retention,
                v.schedules(), v.dataBackup(), v.databases(), v.repository(), v.playbook(), true, null);
    }

    List<StoredArtifact> backUp(ComponentSpec component, int times) {
        List<StoredArtifact> stored = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            BackupRunContext run = kit.newRun(component.id());
            byte[] content = ("snapshot " + i).getBytes();
            stored.add(kit.artifacts.store(run, component, "vault", "raft-snapshot", "vault_snapshot.snap",
                    Compression.ZSTD, out -> out.write(content)));
        }
        return stored; // oldest first
    }

    @Test
    void prunesToExactlyTheRetentionLocalAndRemote() {
        ComponentSpec vault = vaultWith(new Retention(2, 3, null, null));
        List<StoredArtifact> stored = backUp(vault, 6);
        var report = new RetentionPruner(kit.catalog, kit.storage).prune(vault);

        assertThat(report.localPruned()).isEqualTo(4);
        assertThat(report.remotePruned()).isEqualTo(3);
        for (int i = 0; i < stored.size(); i++) {
            StoredArtifact a = stored.get(i);
            boolean keepLocal = i >= 4;
            boolean keepRemote = i >= 3;
            assertThat(Files.exists(Path.of(a.localPath()))).as("local copy of backup " + i).isEqualTo(keepLocal);
            assertThat(kit.remote().stat(a.remoteKey()).isPresent()).as("remote object of backup " + i).isEqualTo(keepRemote);
            BackupArtifact row = kit.catalog.findArtifact(a.catalogId()).orElseThrow();
            assertThat(row.status()).isEqualTo(keepLocal || keepRemote ? ArtifactStatus.VERIFIED : ArtifactStatus.PRUNED);
        }
        // a second pass finds nothing more to do
        var again = new RetentionPruner(kit.catalog, kit.storage).prune(vault);
        assertThat(again.localPruned() + again.remotePruned()).isZero();
        cleanUp(stored);
    }

    @Test
    void neverPrunesTheNewestBackupNorOneHeldByARecovery() {
        ComponentSpec vault = vaultWith(new Retention(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        List<StoredArtifact> stored = backUp(vault, 3);
        kit.catalog.hold(stored.get(0).catalogId(), "recovery-pi-1", "chosen for restore");
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        new RetentionPruner(kit.catalog, kit.storage, future).prune(vault);

        assertThat(kit.remote().stat(stored.get(2).remoteKey())).as("the newest stays, however old").isPresent();
        assertThat(Path.of(stored.get(2).localPath())).exists();
        assertThat(kit.remote().stat(stored.get(0).remoteKey())).as("held by an open recovery").isPresent();
        assertThat(kit.remote().stat(stored.get(1).remoteKey())).isEmpty();

        kit.catalog.releaseHolds("recovery-pi-1");
        new RetentionPruner(kit.catalog, kit.storage, future).prune(vault);
        assertThat(kit.remote().stat(stored.get(0).remoteKey())).as("pruned once released").isEmpty();
        cleanUp(stored);
    }

    private void cleanUp(List<StoredArtifact> stored) {
        for (StoredArtifact a : stored) {
            if (kit.remote().stat(a.remoteKey()).isPresent()) kit.remote().delete(a.remoteKey());
            try {
                Files.deleteIfExists(Path.of(a.localPath()));
            } catch (java.io.IOException ignored) {
                // best effort
            }
        }
    }
}
