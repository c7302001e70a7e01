package com.logicor.runbook.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretRef;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.lab.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan as an operator reads it in history: the API call, the token's reference, never the token. */
class VaultRaftSnapshotBackupTest {

    static final String TOKEN = "hvs.CAESIJ-the-real-token";

    final VaultRaftSnapshotBackup backup = new VaultRaftSnapshotBackup(null, new SecretResolver(Map.of("VAULT_TOKEN", TOKEN)));

    static ComponentSpec vault(Node... nodes) {
        return Records.of(ComponentSpec.class, Map.of("id", "vault", "nodes", List.of(nodes),
                "credentials", Records.of(ComponentSpec.Credentials.class, Map.of("token", SecretRef.ofEnv("VAULT_TOKEN")))));
    }

    static Node node(String name, String endpoint) {
        return Records.of(Node.class, Map.of("name", name, "engine", "docker-1", "container", "vault",
                "endpoints", Map.of("http", endpoint)));
    }

    @Test
    void planIsOneApiCallWithTheTokensReference() {
        assertThat(backup.component()).isEqualTo(com.logicor.runbook.inventory.ComponentId.of("vault"));
        assertThat(backup.plan(vault(node("vault", "http://10.20.0.31:8200/")))).containsExactly(
                "GET http://10.20.0.31:8200/v1/sys/storage/raft/snapshot with header X-Vault-Token: <token from "
                        + "env:VAULT_TOKEN>  (Vault's API; nothing runs in the container, nothing is written there)",
                "200: the body streamed to raft-snapshot artifact vault_snapshot.snap as is (already gzip-compressed), "
                        + "sha256, S3 + local copy, read back",
                "any other status fails with the status and Vault's error text");
    }

    @Test
    void planNeverShowsTheTokenAndNamesOtherNodes() {
        List<String> plan = backup.plan(vault(node("vault-1", "http://10.0.0.1:8200"), node("vault-2", "http://10.0.0.2:8200")));
        assertThat(String.join("\n", plan)).doesNotContain(TOKEN).doesNotContain("vault operator");
        assertThat(plan).last().isEqualTo("any other status fails with the status and Vault's error text; then the same "
                + "request to the next node: vault-2");
    }
}
