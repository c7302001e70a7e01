package com.logicor.runbook.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabServices;
import com.logicor.runbook.ssh.SshjHosts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against podman's Docker API in the lab: the unix socket and the same engine through SSH. */
class DockerEnginesIT {

    Inventory inventory;
    DockerClients clients;
    DockerJavaEngines docker;
    DockerEngine local;

    @BeforeEach
    void lab() {
        inventory = Lab.require().inventory();
        clients = new DockerClients(inventory, new SshjHosts());
        docker = new DockerJavaEngines(clients);
        local = inventory.engine("docker-1");
    }

    @AfterEach
    void close() throws IOException {
        clients.close();
    }

    @Test
    void pingsOverTheSocketAndOverSsh() {
        docker.probe(local);
        DockerEngine overSsh = inventory.dockerEngines().stream().filter(e -> "ssh".equals(e.scheme())).findFirst()
                .orElseThrow(() -> new AssertionError("the lab inventory has no ssh:// engine"));
        docker.probe(overSsh);
        assertThat(docker.inspect(overSsh, "etcd").running()).isTrue();
    }

    @Test
    void stopsAndStartsAContainer() {
        assertThat(docker.inspect(local, "vault").running()).isTrue();
        try {
            docker.stop(local, "vault", Duration.ofSeconds(10));
            assertThat(docker.inspect(local, "vault").running()).isFalse();
            docker.stop(local, "vault", Duration.ofSeconds(10)); // idempotent
        } finally {
            docker.start(local, "vault");
            // the next test uses Vault at once: running is not serving
            LabServices.awaitServing(Duration.ofMinutes(1), "vault");
        }
        assertThat(docker.inspect(local, "vault").running()).isTrue();
        docker.start(local, "vault"); // idempotent
        assertThat(LabServices.serves("vault")).as("an idempotent start leaves the running Vault serving").isTrue();
    }

    @Test
    void execReportsExitCodeStdoutAndStderr() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult ok = docker.exec(local, "patroni", List.of("sh", "-c", "echo to-out; echo to-err >&2"), out,
                Duration.ofSeconds(30));
        assertThat(ok.exitStatus()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("to-out\n");
        assertThat(ok.stderr()).isEqualTo("to-err\n");

        ExecResult failed = docker.exec(local, "patroni", List.of("sh", "-c", "exit 3"),
                new ByteArrayOutputStream(), Duration.ofSeconds(30));
        assertThat(failed.exitStatus()).isEqualTo(3);

        // output is streamed, not collected: 20 MB through a digest
        java.security.MessageDigest digest = com.logicor.runbook.lab.TestData.sha256();
        ExecResult big = docker.exec(local, "patroni", List.of("sh", "-c", "head -c 20971520 /dev/zero"),
                new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest), Duration.ofSeconds(60));
        assertThat(big.exitStatus()).isZero();
        assertThat(com.logicor.runbook.lab.TestData.hex(digest))
                .isEqualTo(com.logicor.runbook.lab.TestData.sha256Of(new ByteArrayInputStream(new byte[20 * 1024 * 1024])));
    }

    @Test
    void unknownContainerIsAClearError() {
        assertThatThrownBy(() -> docker.inspect(local, "no-such-container"))
                .isInstanceOf(DockerException.class).hasMessageContaining("not found");
    }

    @Test
    void volumeArchiveGoesOutAndBackIn() throws IOException {
        var client = clients.client(local);
        String source = "runbook-it-" + UUID.randomUUID().toString().substring(0, 8);
        String copy = source + "-copy";
        client.createVolumeCmd().withName(source).exec();
        client.createVolumeCmd().withName(copy).exec();
        try {
            Map<String, String> files = new TreeMap<>(Map.of("a.txt", "alpha", "dir/b.txt", "bravo", "dir/sub/c.txt", "charlie"));
            docker.archiveIntoVolume(local, source, tar(files));

            byte[] exported;
            try (InputStream out = docker.archiveFromVolume(local, source)) {
                exported = out.readAllBytes();
            }
            assertThat(filesOf(exported)).isEqualTo(files);

            docker.archiveIntoVolume(local, copy, new ByteArrayInputStream(exported));
            try (InputStream again = docker.archiveFromVolume(local, copy)) {
                assertThat(filesOf(again.readAllBytes())).isEqualTo(files);
            }
        } finally {
            client.removeVolumeCmd(source).exec();
            client.removeVolumeCmd(copy).exec();
        }
    }

    static InputStream tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** Regular files of a tar, path (without a leading "./") to content. */
    static Map<String, String> filesOf(byte[] tarBytes) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(tarBytes))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^volume/", "");
                    files.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
