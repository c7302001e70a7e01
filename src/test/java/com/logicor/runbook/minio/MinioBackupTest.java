package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** runbook.backup.minio-mode picks one of the two methods; the inventory has no field for it yet. */
class MinioBackupTest {

    final MinioVolumeBackup volume = mock(MinioVolumeBackup.class);
    final MinioOnlineBackup online = mock(MinioOnlineBackup.class);

    @Test
    void volumeIsTheDefaultAndOnlineIsSelectable() {
        ComponentSpec component = mock(ComponentSpec.class);
        BackupRunContext run = mock(BackupRunContext.class);
        when(volume.run(any(), any())).thenReturn(new ComponentBackupResult(List.of(), Map.of("downtimeMillis", 1200L)));
        when(online.run(any(), any())).thenReturn(new ComponentBackupResult(List.of(), Map.of("downtimeMillis", 0L)));
        when(volume.plan(any())).thenReturn(List.of("stop"));

        MinioBackup byVolume = new MinioBackup(volume, online, "volume");
        assertThat(byVolume.component()).isEqualTo(com.logicor.runbook.inventory.ComponentId.of("minio"));
        assertThat(byVolume.run(component, run).measurements()).containsEntry("mode", "volume").containsEntry("downtimeMillis", 1200L);
        assertThat(byVolume.plan(component)).containsExactly("mode volume (runbook.backup.minio-mode)", "stop");
        verify(online, never()).run(any(), any());

        MinioBackup byOnline = new MinioBackup(volume, online, " Online ");
        assertThat(byOnline.mode()).isEqualTo("online");
        assertThat(byOnline.run(component, run).measurements()).containsEntry("mode", "online").containsEntry("downtimeMillis", 0L);
    }

    @Test
    void anUnknownModeStopsTheStartUp() {
        assertThatThrownBy(() -> new MinioBackup(volume, online, "snapshot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runbook.backup.minio-mode is 'snapshot'").hasMessageContaining("volume").hasMessageContaining("online");
    }
}
