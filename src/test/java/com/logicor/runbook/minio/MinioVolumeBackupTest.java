package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.logicor.runbook.backup.ArtifactFailedException;
import com.logicor.runbook.backup.ArtifactSource;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.docker.DockerException;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.inventory.Storage;
import com.logicor.runbook.storage.BackupStorage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stop → archive → start with a scripted engine: the container is started again whatever fails. */
class MinioVolumeBackupTest {

    final DockerEngine engine = Records.of(DockerEngine.class, Map.of("id", "docker-1", "url", "unix:///run/x.sock"));
    final Node node = Records.of(Node.class, Map.of("name", "minio", "engine", "docker-1", "container", "minio",
            "volume", "logiq_minio-data", "endpoints", Map.of("s3", "http://127.0.0.1:9000")));
    final ComponentSpec component = Records.of(ComponentSpec.class, Map.of("id", "minio", "nodes", List.of(node)));
    final Inventory inventory = Records.of(Inventory.class, Map.of("site", "t", "dockerEngines", List.of(engine),
            "components", List.of(component), "storage", Records.of(Storage.class, Map.of("local", new Storage.Local("/tmp/unused")))));
    final BackupStorage storage = new BackupStorage(inventory, new SecretResolver(Map.of()));
    final BackupRunContext run = Records.of(BackupRunContext.class, Map.of("runId", "r1", "stamp", "20261121-040000",
            "compression", Compression.NONE));
    final ScriptedEngine docker = new ScriptedEngine();
    final ArtifactStore store = mock(ArtifactStore.class);

    MinioVolumeBackup backup(boolean answers) {
        return new MinioVolumeBackup(inventory, docker.mock, store, storage, (c, n, limit) -> answers);
    }

    /** The store runs the source like the real one (into a sink) and returns an artifact. */
    void storeRunsTheSource() throws Exception {
        when(store.store(argThat(r -> r.staging() == ArtifactStore.Staging.LOCAL_FIRST), any())).thenAnswer(call -> {
            ArtifactSource source = call.getArgument(1);
            try {
                source.writeTo(OutputStream.nullOutputStream());
            } catch (Exception e) {
                throw new ArtifactFailedException("minio/minio volume: " + e.getMessage(), e);
            }
            return new StoredArtifact("a1", "minio", "minio", "volume", "minio-volume.tar", "k", null, 3, "sha");
        });
    }

    @Test
    void stopsArchivesAndStartsBeforeTheUploadEnds() throws Exception {
        storeRunsTheSource();
        var result = backup(true).run(component, run);
        assertThat(docker.calls).containsExactly("inspect minio", "stop minio", "archive logiq_minio-data", "start minio");
        assertThat(result.measurements()).containsKey("downtimeMillis").containsEntry("minio.wasRunning", true)
                .containsEntry("minio.tarBytes", 3L);
        assertThat((Long) result.measurements().get("downtimeMillis")).isGreaterThanOrEqualTo(20L);
    }

    @Test
    void aFailingArchiveStillStartsTheContainer() throws Exception {
        storeRunsTheSource();
        docker.archiveFails = true;
        assertThatThrownBy(() -> backup(true).run(component, run))
                .hasMessageContaining("minio/minio volume").hasMessageContaining("helper container could not be created")
                .hasMessageContaining("started again and answers").hasMessageContaining("downtime");
        assertThat(docker.calls).containsExactly("inspect minio", "stop minio", "archive logiq_minio-data", "start minio");
    }

    @Test
    void aStoreThatFailsBeforeReadingStillStartsTheContainer() {
        when(store.store(argThat(r -> r.staging() == ArtifactStore.Staging.LOCAL_FIRST), any()))
                .thenThrow(new IllegalStateException("catalog unavailable"));
        assertThatThrownBy(() -> backup(true).run(component, run)).hasMessageContaining("catalog unavailable");
        assertThat(docker.calls).containsExactly("inspect minio", "stop minio", "start minio");
    }

    @Test
    void aFailedStartIsTriedAgain() throws Exception {
        storeRunsTheSource();
        docker.startFailures = 1;
        var result = backup(true).run(component, run);
        assertThat(docker.calls).containsExactly("inspect minio", "stop minio", "archive logiq_minio-data", "start minio", "start minio");
        assertThat(result.artifacts()).hasSize(1);
    }

    @Test
    void aContainerThatDoesNotStartIsReported() throws Exception {
        storeRunsTheSource();
        docker.startFailures = 5;
        assertThatThrownBy(() -> backup(true).run(component, run)).hasMessageContaining("did NOT start again")
                .hasMessageContaining("no such runtime");
    }

    @Test
    void anS3ApiThatDoesNotComeBackIsReported() throws Exception {
        storeRunsTheSource();
        assertThatThrownBy(() -> backup(false).run(component, run)).hasMessageContaining("did not answer")
                .hasMessageContaining("the backup itself is stored and verified");
    }

    @Test
    void aStoppedContainerIsArchivedAsItIsAndStaysStopped() throws Exception {
        storeRunsTheSource();
        docker.running = false;
        var result = backup(true).run(component, run);
        assertThat(docker.calls).containsExactly("inspect minio", "archive logiq_minio-data");
        assertThat(result.measurements()).containsEntry("downtimeMillis", 0L).containsEntry("minio.wasRunning", false);
    }

    /**
     * A Mockito mock behind a small script (a hand-written fake would break whenever DockerEngines grows).
     */
    static final class ScriptedEngine {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final DockerEngines mock = mock(DockerEngines.class);
        boolean running = true;
        boolean archiveFails;
        int startFailures;

        ScriptedEngine() {
            when(mock.inspect(any(), anyString())).thenAnswer(c -> {
                calls.add("inspect " + c.getArgument(1));
                return new DockerEngines.ContainerState(c.getArgument(1), running, running ? "running" : "exited", 0L);
            });
            doAnswer(c -> {
                calls.add("stop " + c.getArgument(1));
                Thread.sleep(20);
                return null;
            }).when(mock).stop(any(), anyString(), any());
            doAnswer(c -> {
                calls.add("start " + c.getArgument(1));
                if (startFailures-- > 0) throw new DockerException("docker-1: start " + c.getArgument(1) + ": no such runtime", null);
                return null;
            }).when(mock).start(any(), anyString());
            when(mock.archiveFromVolume(any(), anyString())).thenAnswer(c -> {
                calls.add("archive " + c.getArgument(1));
                if (archiveFails) throw new DockerException("docker-1: helper container could not be created", null);
                return new ByteArrayInputStream(new byte[] {1, 2, 3});
            });
        }
    }
}
