package com.logicor.runbook.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.ssh.SshjHosts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible bundle against the lab's repository on the "VM" ansible-1 (an sshd on this machine): the stored
 * bundle must verify, and a clone of it must hold the seeded history, tag and files.
 */
class AnsibleBundleBackupIT {

    Lab lab;
    BackupTestKit kit;
    AnsibleBundleBackup backup;
    ComponentSpec ansible;
    JsonNode seed;
    final List<String> stamps = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeEach
    void lab() throws IOException {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        backup = new AnsibleBundleBackup(kit.inventory, new SshjHosts(), kit.artifacts);
        ansible = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("ansible"));
        seed = lab.seed("ansible");
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (String stamp : stamps) {
            for (var o : kit.remote().list(kit.artifacts.remoteKey("ansible", stamp, ""))) kit.remote().delete(o.key());
            Path local = kit.artifacts.localPath("ansible", stamp, AnsibleBundleBackup.FILE);
            Files.deleteIfExists(local);
            Files.deleteIfExists(local.getParent());
        }
    }

    @Test
    void bundleVerifiesAndClonesToTheSeededHistory() throws Exception {
        BackupRunContext run = newRun();
        ComponentBackupResult result = backup.run(ansible, run);
        System.out.println("ansible measurements: " + result.measurements());

        StoredArtifact artifact = result.artifacts().get(0);
        assertThat(artifact.kind()).isEqualTo("bundle");
        assertThat(artifact.fileName()).as("stored as is: a packfile is compressed").isEqualTo("ansible.bundle");
        assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);
        assertThat((String) result.measurements().get("verify")).endsWith(" is okay");
        assertThat(result.measurements()).containsEntry("refs", "The bundle contains these 3 refs:");

        Path bundle = tmp.resolve("ansible.bundle");
        try (InputStream in = kit.remote().get(artifact.remoteKey())) {
            Files.copy(in, bundle);
        }
        // git 2.39 verifies a bundle only inside a repository: an empty one has no prerequisites to offer
        Path empty = tmp.resolve("empty.git");
        git(tmp, "init", "-q", "--bare", empty.toString());
        assertThat(git(empty, "bundle", "verify", bundle.toString())).contains("The bundle records a complete history.");

        Path clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", bundle.toString(), clone.toString());
        String branch = seed.path("branch").asText();
        assertThat(git(clone, "rev-parse", "HEAD").strip()).isEqualTo(seed.path("head").asText());
        assertThat(git(clone, "rev-list", "--count", "HEAD").strip()).isEqualTo(seed.path("commits").asText());
        assertThat(git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo(branch);
        seed.path("tags").fields().forEachRemaining(tag -> {
            try {
                assertThat(git(clone, "cat-file", "-t", "refs/tags/" + tag.getKey()).strip()).as("annotated tag").isEqualTo("tag");
                assertThat(git(clone, "rev-parse", tag.getKey() + "^{commit}").strip()).isEqualTo(tag.getValue().asText());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        List<String> files = git(clone, "ls-files").lines().toList();
        List<String> expected = new ArrayList<>();
        seed.path("files").forEach(f -> expected.add(f.asText()));
        assertThat(files).containsExactlyInAnyOrderElementsOf(expected);
        assertNoTempBundlesOnTheHost();
    }

    @Test
    void aRepositoryPathWithSpacesAndQuotesIsQuoted() throws Exception {
        Path odd = Files.createTempDirectory("runbook-it-ansible-");
        try {
            Path repo = odd.resolve("it's a repo; $(touch pwned).git");
            git(odd, "clone", "-q", "--bare", seed.path("repository").asText(), repo.toString());
            ComponentBackupResult result = backup.run(Records.with(ansible, "repository", repo.toString()), newRun());
            assertThat(result.artifacts()).hasSize(1);
            assertThat(odd.resolve("pwned")).doesNotExist();
            assertThat(Path.of("pwned")).doesNotExist();
        } finally {
            try (Stream<Path> all = Files.walk(odd)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        assertNoTempBundlesOnTheHost();
    }

    @Test
    void aMissingRepositoryIsAClearFailureAndLeavesNothing() throws IOException {
        BackupRunContext run = newRun();
        assertThatThrownBy(() -> backup.run(Records.with(ansible, "repository", "/nonexistent/ansible.git"), run))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ansible: no node gave a bundle of /nonexistent/ansible.git: ansible-1: command exited ")
                .hasMessageContaining("/nonexistent/ansible.git");
        assertThat(kit.catalog.artifactsOfRun(run.runId())).isEmpty();
        assertNoTempBundlesOnTheHost();
    }

    private BackupRunContext newRun() {
        BackupRunContext run = kit.newRun("ansible");
        stamps.add(run.stamp());
        return run;
    }

    /** ansible-1 is this machine: its /tmp is ours. */
    private static void assertNoTempBundlesOnTheHost() throws IOException {
        try (Stream<Path> left = Files.list(Path.of("/tmp"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("runbook-ansible-"));
        }
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("timed out: " + cmd);
        }
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
        return out;
    }
}
