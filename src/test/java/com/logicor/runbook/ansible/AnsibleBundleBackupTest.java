package com.logicor.runbook.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.lab.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan as an operator reads it in history: exact, shell-quoted commands. */
class AnsibleBundleBackupTest {

    final AnsibleBundleBackup backup = new AnsibleBundleBackup(null, null, null);

    static ComponentSpec ansible(String repository) {
        return Records.of(ComponentSpec.class, Map.of("id", "ansible", "repository", repository,
                "nodes", List.of(Records.of(Node.class, Map.of("name", "deploy-1", "host", "deploy-1")))));
    }

    @Test
    void planMakesVerifiesStreamsAndRemovesABundle() {
        assertThat(backup.component()).isEqualTo(com.logicor.runbook.inventory.ComponentId.of("ansible"));
        assertThat(backup.plan(ansible("/opt/logicor/ansible"))).containsExactly(
                "ssh deploy-1: git -C /opt/logicor/ansible bundle create '/tmp/runbook-ansible-<unique>.bundle' --all",
                "ssh deploy-1: git -C /opt/logicor/ansible bundle verify '/tmp/runbook-ansible-<unique>.bundle'"
                        + "  (must say \"is okay\"; the line is kept)",
                "ssh deploy-1: cat '/tmp/runbook-ansible-<unique>.bundle'  → stdout streamed to bundle artifact "
                        + "ansible.bundle as is (a packfile is already compressed), sha256, S3 + local copy, read back",
                "ssh deploy-1: rm -f '/tmp/runbook-ansible-<unique>.bundle' '/tmp/runbook-ansible-<unique>.bundle.lock'"
                        + "  (always, also after a failure)");
    }

    @Test
    void repositoryPathsAreQuotedForTheShell() {
        assertThat(backup.plan(ansible("/srv/it's ansible")).get(0))
                .isEqualTo("ssh deploy-1: git -C '/srv/it'\\''s ansible' bundle create '/tmp/runbook-ansible-<unique>.bundle' --all");
        assertThat(AnsibleBundleBackup.createCommand("/srv/$(reboot)", "/tmp/b.bundle"))
                .isEqualTo("git -C '/srv/$(reboot)' bundle create /tmp/b.bundle --all");
    }
}
