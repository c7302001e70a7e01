package com.logicor.runbook.hostfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.command.ExecResult;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tar command line and which exits of GNU tar leave a usable archive. */
class HostPathArchiveTest {

    @Test
    void commandArchivesPathsRelativeToRoot() {
        assertThat(HostPathArchive.command(List.of("/etc/clickhouse-server/")))
                .isEqualTo("LC_ALL=C tar -C / -cf - etc/clickhouse-server");
        assertThat(HostPathArchive.command(List.of("/var/lib/runbook-lab/keeper-1/etc/clickhouse-keeper/",
                "/var/lib/runbook-lab/keeper-1/coordination/")))
                .isEqualTo("LC_ALL=C tar -C / -cf - var/lib/runbook-lab/keeper-1/etc/clickhouse-keeper var/lib/runbook-lab/keeper-1/coordination");
        assertThat(HostPathArchive.command(List.of("/srv/my keeper//conf's/")))
                .isEqualTo("LC_ALL=C tar -C / -cf - 'srv/my keeper/conf'\\''s'");
    }

    @Test
    void refusesPathsThatAreNotPlainAbsoluteDirectories() {
        assertThatThrownBy(() -> HostPathArchive.command(List.of("etc/clickhouse-server"))).hasMessageContaining("not absolute");
        assertThatThrownBy(() -> HostPathArchive.command(List.of("/"))).hasMessageContaining("whole file system");
        assertThatThrownBy(() -> HostPathArchive.command(List.of("/etc/../root"))).hasMessageContaining("'..'");
        assertThatThrownBy(() -> HostPathArchive.command(List.of())).hasMessageContaining("no paths");
    }

    static ExecResult exit(int status, String stderr) {
        return new ExecResult("LC_ALL=C tar -C / -cf - x", status, "", stderr, 10);
    }

    @Test
    void exitZeroIsFine() throws IOException {
        assertThat(HostPathArchive.accept(exit(0, ""), "keeper-1")).isEmpty();
        assertThat(HostPathArchive.accept(exit(0, "tar: x/sock: socket ignored\n"), "keeper-1")).isEmpty();
    }

    @Test
    void filesChangedWhileReadAreAcceptedAndListed() throws IOException {
        String stderr = "tar: var/lib/k/coordination/zookeeper/version-2/log.300000001: file changed as we read it\n"
                + "tar: var/lib/k/coordination/logs/changelog_200001_300000.bin: file changed as we read it\n";
        assertThat(HostPathArchive.accept(exit(1, stderr), "keeper-1")).containsExactly(
                "var/lib/k/coordination/zookeeper/version-2/log.300000001",
                "var/lib/k/coordination/logs/changelog_200001_300000.bin");
    }

    @Test
    void anyOtherReasonForExitOneFails() {
        String shrank = "tar: var/lib/k/coordination/x.bin: file changed as we read it\n"
                + "tar: var/lib/k/coordination/y.bin: File shrank by 4096 bytes; padding with zeros\n";
        assertThatThrownBy(() -> HostPathArchive.accept(exit(1, shrank), "keeper-1")).isInstanceOf(IOException.class)
                .hasMessageContaining("host keeper-1 exited 1").hasMessageContaining("File shrank");
        assertThatThrownBy(() -> HostPathArchive.accept(exit(1, "tar: x: File removed before we read it\n"), "keeper-1"))
                .hasMessageContaining("File removed");
        assertThatThrownBy(() -> HostPathArchive.accept(exit(1, ""), "keeper-1")).hasMessageContaining("exited 1");
    }

    @Test
    void otherExitStatusesFail() {
        assertThatThrownBy(() -> HostPathArchive.accept(exit(2, "tar: etc/nope: Cannot stat: No such file or directory\n"
                + "tar: Exiting with failure status due to previous errors\n"), "clickhouse-1"))
                .hasMessageContaining("exited 2").hasMessageContaining("Cannot stat");
        assertThatThrownBy(() -> HostPathArchive.accept(exit(127, "sh: tar: not found\n"), "clickhouse-1"))
                .hasMessageContaining("exited 127");
    }
}
