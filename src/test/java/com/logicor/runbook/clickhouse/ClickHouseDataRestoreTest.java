package com.logicor.runbook.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.clickhouse.ClickHouseSql.BackupState;
import com.logicor.runbook.lab.Records;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text of ClickHouse data restores (the lab's 18.16 predates RESTORE and has no clickhouse-backup). */
class ClickHouseDataRestoreTest {

    static BackupArtifact artifact(String location) {
        return Records.of(BackupArtifact.class, Map.of("id", "a1", "runId", "r1", "component", "clickhouse",
                "node", "clickhouse-1", "kind", "data", "remoteLocation", location));
    }

    @Test
    void clickhouseBackupRestoresRemoteWithRmOnlyWhenOverwriting() {
        BackupArtifact a = artifact("clickhouse-backup://clickhouse-1-20261115-020000");
        assertThat(ClickHouseDataRestore.isCli(a)).isTrue();
        assertThat(ClickHouseDataRestore.cliCommand(a, false)).isEqualTo("clickhouse-backup restore_remote clickhouse-1-20261115-020000");
        assertThat(ClickHouseDataRestore.cliCommand(a, true)).isEqualTo("clickhouse-backup restore_remote --rm clickhouse-1-20261115-020000");
        assertThat(ClickHouseDataRestore.cliCommand(artifact("clickhouse-backup://x; rm -rf /"), false))
                .isEqualTo("clickhouse-backup restore_remote 'x; rm -rf /'");
    }

    @Test
    void nativeBackupLocationGivesKey() {
        BackupArtifact a = artifact("s3://logiq-backups/runbook/clickhouse/20261115T020000Z/clickhouse-1-logiq/");
        assertThat(ClickHouseDataRestore.isCli(a)).isFalse();
        assertThat(ClickHouseDataRestore.nativeKey(a)).isEqualTo("runbook/clickhouse/20261115T020000Z/clickhouse-1-logiq/");
        assertThatThrownBy(() -> ClickHouseDataRestore.nativeKey(artifact("/var/backups/x.tar")))
                .hasMessageContaining("not a native backup location");
    }

    @Test
    void nativeRestoreSqlDropsOnlyWhenOverwritingAndQuotesEverything() {
        assertThat(ClickHouseSql.restoreDatabase("logiq", "http://s3:9000/b/k/clickhouse-1-logiq/", "AK", "S'K"))
                .isEqualTo("RESTORE DATABASE `logiq` FROM S3('http://s3:9000/b/k/clickhouse-1-logiq/', 'AK', 'S\\'K') ASYNC");
        assertThat(ClickHouseSql.dropDatabase("logiq")).isEqualTo("DROP DATABASE IF EXISTS `logiq` SYNC");
        assertThatThrownBy(() -> ClickHouseSql.dropDatabase("logiq`; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoreStatusesHaveTheirPhases() {
        assertThat(state("RESTORING").phase()).isEqualTo(BackupState.Phase.RUNNING);
        assertThat(state("RESTORED").phase()).isEqualTo(BackupState.Phase.RESTORED);
        assertThat(state("RESTORE_FAILED").phase()).isEqualTo(BackupState.Phase.FAILED);
        assertThat(state("FAILED_TO_RESTORE").phase()).isEqualTo(BackupState.Phase.FAILED);
        assertThat(state("RESTORE_CANCELLED").phase()).isEqualTo(BackupState.Phase.FAILED);
        assertThat(state("BACKUP_CREATED").phase()).isEqualTo(BackupState.Phase.CREATED);
    }

    static BackupState state(String status) {
        return BackupState.of(Map.of("id", "op", "status", status));
    }
}
