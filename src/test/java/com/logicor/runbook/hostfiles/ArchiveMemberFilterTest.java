package com.logicor.runbook.hostfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ArchiveMemberFilterTest {

    /** Keeper's two folders, as the inventory names them. */
    private final ArchiveMemberFilter filter = new ArchiveMemberFilter(
            List.of("/etc/clickhouse-keeper/", "/var/lib/clickhouse-keeper"));

    /** type: f file, d folder, s symbolic link, h hard link, c character device, p FIFO. Empty reason: allowed. */
    @ParameterizedTest(name = "{0} {1} -> {2} : {3}")
    @CsvSource(delimiter = '|', value = {
            "f | etc/clickhouse-keeper/keeper_config.xml               |                                     | ",
            "d | etc/clickhouse-keeper/                                |                                     | ",
            "f | ./var/lib/clickhouse-keeper/coordination/log/c1.bin   |                                     | ",
            "d | var/lib/clickhouse-keeper                             |                                     | ",
            "f | /etc/clickhouse-keeper/keeper_config.xml              |                                     | absolute name",
            "f | /etc/passwd                                           |                                     | absolute name",
            "f | etc/clickhouse-keeper/../../etc/passwd                |                                     | '..' in the name",
            "f | etc/clickhouse-keeper/..                              |                                     | '..' in the name",
            "f | etc/passwd                                            |                                     | outside the configured paths",
            "f | etc/clickhouse-keeper-evil/x                          |                                     | outside the configured paths",
            "d | etc                                                   |                                     | outside the configured paths",
            "f | root/.ssh/authorized_keys                             |                                     | outside the configured paths",
            "s | etc/clickhouse-keeper/config.d/a.xml                  | ../keeper_config.xml                | ",
            "s | etc/clickhouse-keeper/current                         | /var/lib/clickhouse-keeper/snap     | ",
            "s | etc/clickhouse-keeper/escape                          | ../../shadow                        | symbolic link to '../../shadow', outside the configured paths",
            "s | etc/clickhouse-keeper/escape                          | /etc/shadow                         | symbolic link to '/etc/shadow', outside the configured paths",
            "s | etc/clickhouse-keeper/up                              | ..                                  | symbolic link to '..', outside the configured paths",
            "s | etc/clickhouse-keeper/root                            | ../../../../..                      | symbolic link to '../../../../..', outside the configured paths",
            "h | var/lib/clickhouse-keeper/copy                        | var/lib/clickhouse-keeper/orig      | ",
            "h | etc/clickhouse-keeper/shadow                          | etc/shadow                          | hard link to 'etc/shadow', outside the configured paths",
            "h | etc/clickhouse-keeper/shadow                          | etc/clickhouse-keeper/../shadow     | hard link to 'etc/clickhouse-keeper/../shadow', outside the configured paths",
            "h | etc/clickhouse-keeper/shadow                          | /etc/shadow                         | hard link to '/etc/shadow', outside the configured paths",
            "c | etc/clickhouse-keeper/mem                             |                                     | only files, folders and links are restored, not this entry type",
            "p | etc/clickhouse-keeper/fifo                            |                                     | only files, folders and links are restored, not this entry type",
    })
    void membersAreAllowedOnlyUnderTheConfiguredPaths(String type, String name, String target, String reason) {
        assertThat(filter.refusal(entry(type, name, target)).orElse(null)).isEqualTo(reason);
    }

    @Test
    void aGoodArchiveIsCheckedToItsEnd() throws IOException {
        byte[] tar = tar(entry("d", "etc/clickhouse-keeper/", null), entry("f", "etc/clickhouse-keeper/keeper_config.xml", null),
                entry("s", "etc/clickhouse-keeper/link.xml", "keeper_config.xml"));
        ByteArrayInputStream in = new ByteArrayInputStream(tar);
        assertThat(filter.check(in, "keeper-1.tar")).isEqualTo(3);
        assertThat(in.available()).as("read to the end, where the reader checks the checksum").isZero();
    }

    @Test
    void oneBadMemberRefusesTheArchiveNamingTheMember() throws IOException {
        byte[] tar = tar(entry("f", "etc/clickhouse-keeper/keeper_config.xml", null), entry("f", "/etc/cron.d/evil", null));
        assertThatThrownBy(() -> filter.check(new ByteArrayInputStream(tar), "keeper-1.tar"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("keeper-1.tar: refusing to unpack member '/etc/cron.d/evil': absolute name")
                .hasMessageContaining("nothing was unpacked");
    }

    @Test
    void theConfiguredPathsThemselvesMustBeAbsoluteAndPlain() {
        assertThatThrownBy(() -> new ArchiveMemberFilter(List.of("/"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveMemberFilter(List.of("etc/x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveMemberFilter(List.of("/etc/x/../.."))).isInstanceOf(IllegalArgumentException.class);
    }

    private static TarArchiveEntry entry(String type, String name, String target) {
        TarArchiveEntry e = switch (type) {
            case "f" -> new TarArchiveEntry(name, true);
            case "d" -> new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            case "s" -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            case "h" -> new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            case "c" -> new TarArchiveEntry(name, TarConstants.LF_CHR, true);
            case "p" -> new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            default -> throw new IllegalArgumentException(type);
        };
        if (target != null) e.setLinkName(target);
        return e;
    }

    private static byte[] tar(TarArchiveEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (TarArchiveEntry e : entries) {
                byte[] content = e.isFile() ? "<clickhouse/>".getBytes(StandardCharsets.UTF_8) : new byte[0];
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
