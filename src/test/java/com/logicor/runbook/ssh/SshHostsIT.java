package com.logicor.runbook.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.RemoteCommandException;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.TestData;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the lab's sshd playing the ClickHouse VM. */
class SshHostsIT {

    static final long HUNDRED_MB = 100L * 1024 * 1024;

    final SshjHosts ssh = new SshjHosts();
    Host host;
    String remoteDir;

    @BeforeEach
    void lab() {
        host = Lab.require().inventory().host("clickhouse-1");
        remoteDir = "/tmp/runbook-it-" + UUID.randomUUID();
        ssh.exec(host, "mkdir -p " + remoteDir, Duration.ofSeconds(30)).requireSuccess();
    }

    @Test
    void execReportsExitStatusAndOutput() {
        ExecResult ok = ssh.exec(host, "echo hello; echo oops >&2", Duration.ofSeconds(30));
        assertThat(ok.exitStatus()).isZero();
        assertThat(ok.stdout()).isEqualTo("hello\n");
        assertThat(ok.stderr()).isEqualTo("oops\n");

        ExecResult failed = ssh.exec(host, "echo broken >&2; exit 7", Duration.ofSeconds(30));
        assertThat(failed.exitStatus()).isEqualTo(7);
        assertThatThrownBy(failed::requireSuccess).isInstanceOf(RemoteCommandException.class)
                .hasMessageContaining("exited 7").hasMessageContaining("broken");
    }

    @Test
    void timeoutIsReported() {
        Host impatient = new Host(host.id(), host.address(), host.port(), host.user(), host.privateKeyFile(),
                host.knownHostsFile(), true, host.connectTimeout(), host.commandTimeout());
        assertThatThrownBy(() -> ssh.exec(impatient, "sleep 10", Duration.ofSeconds(1)))
                .isInstanceOf(SshException.class).hasMessageContaining("timed out");
    }

    @Test
    void unknownHostKeyIsRefusedUnderStrictChecking(@TempDir Path tmp) throws Exception {
        Path emptyKnownHosts = Files.createFile(tmp.resolve("known_hosts"));
        Host stranger = new Host(host.id(), host.address(), host.port(), host.user(), host.privateKeyFile(),
                emptyKnownHosts.toString(), true, host.connectTimeout(), host.commandTimeout());
        assertThatThrownBy(() -> ssh.probe(stranger)).isInstanceOf(SshException.class);
    }

    @Test
    void sftpRoundTrip(@TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("payload.bin");
        try (var in = TestData.stream(3 * 1024 * 1024 + 17, 42)) {
            Files.copy(in, local);
        }
        ssh.upload(host, local, remoteDir + "/payload.bin");
        Path back = tmp.resolve("back.bin");
        ssh.download(host, remoteDir + "/payload.bin", back);
        assertThat(TestData.sha256Of(Files.newInputStream(back))).isEqualTo(TestData.sha256Of(Files.newInputStream(local)));
    }

    @Test
    void hundredMegabytesStreamInAndOutWithMatchingSha256() throws Exception {
        String expected = TestData.sha256Of(TestData.stream(HUNDRED_MB, 7));

        // in: stdin of a remote command, no temporary file on this side
        ExecResult in = ssh.execFromStream(host, "cat > " + remoteDir + "/stream.bin && sha256sum " + remoteDir + "/stream.bin",
                TestData.stream(HUNDRED_MB, 7), Duration.ofMinutes(5));
        assertThat(in.requireSuccess().stdout()).startsWith(expected);

        // out: stdout of a remote command, digested as it arrives
        MessageDigest digest = TestData.sha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            ssh.execToStream(host, "cat " + remoteDir + "/stream.bin", sink, Duration.ofMinutes(5)).requireSuccess();
        }
        assertThat(TestData.hex(digest)).isEqualTo(expected);
        ssh.exec(host, "rm -rf " + remoteDir, Duration.ofSeconds(30));
    }
}
