package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.backup.ComponentBackups;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inventory's backup_method picks MinIO's method; without it, the volume archive (the regulation's way). */
class MinioBackupChoiceTest {

    final Node node = Records.of(Node.class, Map.of("name", "minio", "engine", "docker-1", "container", "minio"));
    final MinioVolumeBackup volume = new MinioVolumeBackup(null, null, null, null, (c, n, limit) -> true);
    final MinioOnlineBackup online = new MinioOnlineBackup(null, null);
    final ComponentBackups backups = new ComponentBackups(List.of(volume, online));

    ComponentSpec minio(Map<String, Object> more) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("id", "minio", "nodes", List.of(node)));
        fields.putAll(more);
        return Records.of(ComponentSpec.class, fields);
    }

    @Test
    void volumeIsTheDefaultAndOnlineIsChosenByTheInventory() {
        assertThat(backups.of(minio(Map.of()))).isSameAs(volume);
        assertThat(backups.of(minio(Map.of("backupMethod", "volume")))).isSameAs(volume);
        assertThat(backups.of(minio(Map.of("backupMethod", "online")))).isSameAs(online);
        assertThat(online.plan(minio(Map.of()))).first().asString().startsWith("backup_method online");
    }

    @Test
    void anUnknownMethodNamesIt() {
        // InventoryRules refuses it at start-up; the registry still says what it was asked for
        assertThatThrownBy(() -> backups.of(minio(Map.of("backupMethod", "snapshot"))))
                .hasMessageContaining("minio with backup_method snapshot");
    }

    @Test
    void twoMethodsOfTheSameNameStopTheStartUp() {
        assertThatThrownBy(() -> new ComponentBackups(List.of(volume, new MinioVolumeBackup(null, null, null, null, (c, n, l) -> true))))
                .hasMessageContaining("two backup methods for minio");
    }
}
