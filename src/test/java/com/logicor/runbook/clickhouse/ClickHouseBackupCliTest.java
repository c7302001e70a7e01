package com.logicor.runbook.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.clickhouse.ClickHouseBackupCli.RemoteBackup;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.inventory.Retention;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clickhouse-backup command lines and the parsing of 'list remote' (no clickhouse-backup in the lab). */
class ClickHouseBackupCliTest {

    // 2.5+ text output: name, date, type, +required, size, description; tabwriter, padding 3
    static final String LIST_NEW = String.join("\n",
            "clickhouse-1-20261101-020000   2026-11-01 02:00:41   remote                                   all:1.20GiB,data:1.10GiB,arch:1.00GiB,obj:0B,meta:12.50KiB,rbac:0B,conf:0B,nc:0B   tar, regular",
            "clickhouse-1-20261108-020000   2026-11-08 02:00:37   remote   +clickhouse-1-20261101-020000   all:210.00MiB,data:200.00MiB,arch:190.00MiB,obj:0B,meta:12.50KiB,rbac:0B,conf:0B,nc:0B   tar, regular",
            "clickhouse-1-20261115-020000   2026-11-15 02:00:39   remote   +clickhouse-1-20261108-020000   all:215.00MiB,data:205.00MiB,arch:195.00MiB,obj:0B,meta:12.50KiB,rbac:0B,conf:0B,nc:0B   tar, regular",
            "clickhouse-2-20261115-020000   2026-11-15 02:00:44   remote                                   all:1.21GiB,data:1.11GiB,arch:1.01GiB,obj:0B,meta:12.50KiB,rbac:0B,conf:0B,nc:0B   tar, regular",
            "full_backup_20261020_101010    2026-10-20 10:10:10   remote                                   ???                                                                                 broken (can't stat metadata.json)",
            "");

    // 1.x / 2.0 text output: name, size, date (dd/mm/yyyy), "remote", +required, description
    static final String LIST_OLD = String.join("\n",
            "clickhouse-1-20261101-020000   1.20GiB    01/11/2026 02:00:41   remote                                  tar",
            "clickhouse-1-20261108-020000   210.00MiB  08/11/2026 02:00:37   remote   +clickhouse-1-20261101-020000  tar",
            "");

    static final Node NODE = Records.of(Node.class, Map.of("name", "clickhouse-1", "host", "clickhouse-1"));

    @Test
    void createCommandLines() {
        Retention retention = Records.of(Retention.class, Map.of("keepLocal", 3, "keepRemote", 14));
        assertThat(ClickHouseBackupCli.createCommand("clickhouse-1-20261122-020000", "clickhouse-1-20261115-020000", retention))
                .isEqualTo("BACKUPS_TO_KEEP_LOCAL=3 BACKUPS_TO_KEEP_REMOTE=14 clickhouse-backup create_remote "
                        + "--diff-from-remote=clickhouse-1-20261115-020000 clickhouse-1-20261122-020000");
        assertThat(ClickHouseBackupCli.createCommand("clickhouse-1-20261122-020000", null, null))
                .isEqualTo("clickhouse-backup create_remote clickhouse-1-20261122-020000");
        assertThat(ClickHouseBackupCli.createCommand("n", null, Records.of(Retention.class, Map.of("keepRemote", 14))))
                .isEqualTo("BACKUPS_TO_KEEP_REMOTE=14 clickhouse-backup create_remote n");
        assertThat(ClickHouseBackupCli.LIST_REMOTE).isEqualTo("clickhouse-backup list remote");
    }

    @Test
    void backupNamesAreSafeWords() {
        assertThat(ClickHouseBackupCli.backupName(NODE, "20261122-020000")).isEqualTo("clickhouse-1-20261122-020000");
        Node odd = Records.of(Node.class, Map.of("name", "ch 1;rm -rf /", "host", "h"));
        assertThat(ClickHouseBackupCli.backupName(odd, "20261122-020000")).isEqualTo("ch_1_rm_-rf__-20261122-020000");
        // and whatever the name is, it is one shell word
        assertThat(ClickHouseBackupCli.createCommand("it's", null, null)).isEqualTo("clickhouse-backup create_remote 'it'\\''s'");
    }

    @Test
    void parsesTheListOfNewVersions() {
        List<RemoteBackup> list = ClickHouseBackupCli.parseList(LIST_NEW);
        assertThat(list).extracting(RemoteBackup::name).containsExactly("clickhouse-1-20261101-020000",
                "clickhouse-1-20261108-020000", "clickhouse-1-20261115-020000", "clickhouse-2-20261115-020000",
                "full_backup_20261020_101010");
        assertThat(list.get(0).required()).isNull();
        assertThat(list.get(0).created()).isEqualTo("2026-11-01 02:00:41");
        assertThat(list.get(0).approximateBytes()).isEqualTo(Math.round(1.2 * 1024 * 1024 * 1024));
        assertThat(list.get(1).required()).isEqualTo("clickhouse-1-20261101-020000");
        assertThat(list.get(1).approximateBytes()).isEqualTo(210L * 1024 * 1024);
        assertThat(list.get(4).broken()).isTrue();
        assertThat(list.get(0).broken()).isFalse();
    }

    @Test
    void parsesTheListOfOldVersions() {
        List<RemoteBackup> list = ClickHouseBackupCli.parseList(LIST_OLD);
        assertThat(list).hasSize(2);
        assertThat(list.get(1).name()).isEqualTo("clickhouse-1-20261108-020000");
        assertThat(list.get(1).required()).isEqualTo("clickhouse-1-20261101-020000");
        assertThat(list.get(1).created()).isEqualTo("08/11/2026 02:00:37");
        assertThat(list.get(1).size()).isEqualTo("210.00MiB");
    }

    @Test
    void skipsWhatIsNotAListing() {
        assertThat(ClickHouseBackupCli.parseList("2026/11/21 01:00:00.123 info done backup=x location=remote\n\n")).isEmpty();
        assertThat(ClickHouseBackupCli.parseList("")).isEmpty();
    }

    @Test
    void incrementalFromTheNodesNewestBackupUntilTheChainIsLong() {
        List<RemoteBackup> list = ClickHouseBackupCli.parseList(LIST_NEW);
        // newest of clickhouse-1 has 2 increments behind it: a 3rd is allowed (every 4th is full)
        assertThat(ClickHouseBackupCli.baseFor(list, "clickhouse-1", 4)).map(RemoteBackup::name)
                .contains("clickhouse-1-20261115-020000");
        // one more increment would make 4 in a row: full
        assertThat(ClickHouseBackupCli.baseFor(list, "clickhouse-1", 3)).isEmpty();
        // the other node's own newest (a full one)
        assertThat(ClickHouseBackupCli.baseFor(list, "clickhouse-2", 4)).map(RemoteBackup::name)
                .contains("clickhouse-2-20261115-020000");
        // nothing of this node yet, or only broken ones: full
        assertThat(ClickHouseBackupCli.baseFor(list, "clickhouse-3", 4)).isEmpty();
        assertThat(ClickHouseBackupCli.baseFor(list, "full_backup", 4)).isEmpty();
    }

    @Test
    void aChainWithAMissingLinkStartsAFullBackup() {
        List<RemoteBackup> list = ClickHouseBackupCli.parseList(LIST_NEW).stream()
                .filter(b -> !b.name().equals("clickhouse-1-20261101-020000")).toList();
        assertThat(ClickHouseBackupCli.baseFor(list, "clickhouse-1", 4)).isEmpty();
    }
}
