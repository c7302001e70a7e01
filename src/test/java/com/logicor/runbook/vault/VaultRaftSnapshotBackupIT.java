package com.logicor.runbook.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.ComponentBackupResult;
import com.logicor.runbook.backup.StoredArtifact;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.SecretRef;
import com.logicor.runbook.lab.BackupTestKit;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.lab.Records;
import com.logicor.runbook.lab.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault raft snapshot against the lab's Vault STAND-IN (scripts/lab.d/vault-standin.py). The lab's Vault data
 * is never written: usability is checked on the stand-in's own snapshot format — gzip of a magic line, the
 * sha256 of the body and the JSON store — and on the seeded secrets inside it.
 */
class VaultRaftSnapshotBackupIT {

    static final byte[] MAGIC = "RUNBOOK-LAB-VAULT-STANDIN-SNAPSHOT v1\n".getBytes(StandardCharsets.US_ASCII);
    static final ObjectMapper JSON = new ObjectMapper();
    // Python's json.dumps(data, sort_keys=True, separators=(',', ':')): sorted keys, compact, \\uXXXX escapes
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    // every lab server serving before the first test: a class before may have restarted Vault (InventoryCheckIT)
    @RegisterExtension
    static final LabExtension LAB = LabExtension.labOnly().logsOf("vault");

    Lab lab;
    BackupTestKit kit;
    VaultRaftSnapshotBackup backup;
    ComponentSpec vault;
    String stamp;

    @TempDir
    Path tmp;

    @BeforeEach
    void lab() {
        lab = Lab.require();
        kit = new BackupTestKit(lab);
        backup = new VaultRaftSnapshotBackup(kit.artifacts, new VaultApi(kit.secrets));
        vault = kit.inventory.component(com.logicor.runbook.inventory.ComponentId.of("vault"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (stamp == null) return;
        for (var o : kit.remote().list(kit.artifacts.remoteKey("vault", stamp, ""))) {
            kit.remote().delete(o.key());
        }
        Path local = kit.artifacts.localPath("vault", stamp, VaultRaftSnapshotBackup.FILE);
        Files.deleteIfExists(local);
        Files.deleteIfExists(local.getParent());
    }

    @Test
    void snapshotIsCompleteAndHoldsTheSeededSecrets() throws Exception {
        BackupRunContext run = kit.newRun("vault");
        stamp = run.stamp();
        ComponentBackupResult result = backup.run(vault, run);
        System.out.println("vault measurements: " + result.measurements());

        assertThat(result.artifacts()).hasSize(1);
        StoredArtifact artifact = result.artifacts().get(0);
        assertThat(artifact.kind()).isEqualTo("raft-snapshot");
        assertThat(artifact.fileName()).as("stored as is: already gzip").isEqualTo("vault_snapshot.snap");
        assertThat(kit.catalog.findArtifact(artifact.catalogId()).orElseThrow().status()).isEqualTo(ArtifactStatus.VERIFIED);
        assertThat(artifact.size()).isEqualTo(((Number) result.measurements().get("snapshotBytes")).longValue());

        // the stored object is byte for byte what the stand-in serves and its own restore would accept:
        // gzip → magic line → sha256 line that matches the body → a valid store with kv.secret
        byte[] raw;
        try (InputStream in = new GZIPInputStream(kit.remote().get(artifact.remoteKey()))) {
            raw = in.readAllBytes();
        }
        assertThat(Arrays.copyOf(raw, MAGIC.length)).isEqualTo(MAGIC);
        String digestLine = new String(raw, MAGIC.length, 64, StandardCharsets.US_ASCII);
        assertThat(raw[MAGIC.length + 64]).isEqualTo((byte) '\n');
        byte[] body = Arrays.copyOfRange(raw, MAGIC.length + 65, raw.length);
        assertThat(HexFormat.of().formatHex(TestData.sha256().digest(body))).isEqualTo(digestLine);

        JsonNode store = JSON.readTree(body);
        JsonNode secrets = store.path("kv").path("secret");
        JsonNode seeded = lab.seed("vault").path("secrets");
        assertThat(seeded.size()).isPositive();
        for (JsonNode s : seeded) {
            String path = s.path("path").asText().replaceFirst("^secret/", "");
            JsonNode entry = secrets.path(path);
            assertThat(entry.isObject()).as("secret %s in the snapshot", path).isTrue();
            JsonNode data = entry.path("versions").path(entry.path("current_version").asText()).path("data");
            List<String> keys = JSON.convertValue(s.path("keys"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(data.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(keys);
            // values compared by hash only: they are the lab's credentials
            String canonical = CANONICAL.writeValueAsString(JSON.convertValue(data, Map.class));
            assertThat(HexFormat.of().formatHex(TestData.sha256().digest(canonical.getBytes(StandardCharsets.UTF_8))))
                    .as("content of %s", path).isEqualTo(s.path("sha256_of_canonical_json").asText());
        }
    }

    @Test
    void aRefusedRequestFailsWithVaultsStatusAndErrorAndNeverShowsTheToken() throws Exception {
        String wrongToken = "hvs.not-the-token-" + System.nanoTime();
        Path tokenFile = tmp.resolve("wrong-token");
        Files.writeString(tokenFile, wrongToken + "\n");
        ComponentSpec withWrongToken = Records.with(vault, "credentials",
                Records.with(vault.credentials(), "token", SecretRef.ofFile(tokenFile.toString())));
        BackupRunContext run = kit.newRun("vault");
        stamp = run.stamp();

        assertThatThrownBy(() -> backup.run(withWrongToken, run))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("vault: no node gave a raft snapshot: vault: GET http://127.0.0.1:8200/v1/sys/storage/raft/snapshot"
                        + " answered 403: permission denied")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongToken));
        assertThat(kit.remote().list(kit.artifacts.remoteKey("vault", stamp, ""))).isEmpty();
        assertThat(kit.catalog.artifactsOfRun(run.runId())).as("nothing was stored, nothing catalogued").isEmpty();
    }

    @Test
    void anUnreachableVaultIsAClearFailure() {
        ComponentSpec down = Records.with(vault, "nodes", List.of(Records.with(vault.nodes().get(0), "endpoints",
                Map.of("http", "http://127.0.0.1:1"))));
        assertThatThrownBy(() -> backup.run(down, kit.newRun("vault")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("vault: no node gave a raft snapshot: vault: GET http://127.0.0.1:1/v1/sys/storage/raft/snapshot failed: ")
                .hasMessageContaining("ConnectException");
    }
}
