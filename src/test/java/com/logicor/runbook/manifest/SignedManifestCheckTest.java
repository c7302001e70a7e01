package com.logicor.runbook.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.streams.Compression;
import com.logicor.runbook.backup.RunManifestWriter;
import com.logicor.runbook.catalog.ArtifactSubject;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.InventoryLoader;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.VerifiedArtifact;
import com.logicor.runbook.storage.BackupStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The restore's gate on local storage with the real catalog (H2, real migrations), store, manifest writer and key:
 * a backed-up artifact passes; a catalog row changed afterwards — pointed at other stored data with its matching
 * checksum, or with another size, component, kind or node — is refused naming the artifact and the field, as are a
 * changed manifest, a missing signature and a run without a manifest (unless the migration switch is on).
 * RestoreSignedManifestIT does the same through the processes against the lab's S3 server.
 */
class SignedManifestCheckTest {

    @TempDir
    Path data;
    JdbcTemplate jdbc;
    BackupCatalog catalog;
    BackupStorage storage;
    ArtifactStore store;
    ManifestSigningKey key;
    RunManifestWriter manifests;
    Inventory inventory;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void parts() throws Exception {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/catalog").table("runbook_schema_history").load().migrate();
        jdbc = new JdbcTemplate(ds);
        catalog = new BackupCatalog(jdbc);
        // the built-in layout (local storage only) names the SSH files its first start creates; nothing here uses them
        Files.createDirectories(data.resolve("ssh"));
        Files.createFile(data.resolve("ssh/id_ed25519"));
        Files.createFile(data.resolve("ssh/known_hosts"));
        inventory = new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).loadBuiltIn(data);
        storage = new BackupStorage(inventory, new SecretResolver());
        store = new ArtifactStore(storage, catalog, "etag", Compression.DEFAULT_ZSTD_LEVEL);
        key = new ManifestSigningKey(data.resolve("signing").toString(), data.resolve("signing/trusted").toString());
        manifests = new RunManifestWriter(catalog, store, json, key);
    }

    ArtifactReader reader(boolean acceptUnsigned) {
        TrustedManifestKeys trusted = new TrustedManifestKeys(key, data.resolve("signing/trusted").toString());
        return new ArtifactReader(storage, new SignedManifestCheck(catalog, storage, trusted, json, acceptUnsigned), catalog, data.toString());
    }

    /** One etcd snapshot artifact with these bytes, in a run of its own; closed (manifest signed) when asked. */
    BackupArtifact backUp(String content, boolean close) throws Exception {
        return backUp(com.logicor.runbook.inventory.ComponentId.of("etcd"), content, close,
                BackupRunContext.stampOf(OffsetDateTime.now()) + "-" + UUID.randomUUID().toString().substring(0, 6));
    }

    BackupArtifact backUp(ComponentId component, String content, boolean close, String stamp) throws Exception {
        BackupRun run = catalog.startRun("test", "test", List.of(component.id()), null);
        BackupRunContext context = new BackupRunContext(run.id(), stamp, null, Compression.ZSTD);
        String id = store.store(ArtifactRequest.of(context, inventory.component(component), component.id(), "snapshot", "snapshot.db"),
                out -> out.write(content.getBytes(StandardCharsets.UTF_8))).catalogId();
        if (close) manifests.write(catalog.findRun(run.id()).orElseThrow(), stamp, "succeeded", Map.of());
        return catalog.findArtifact(id).orElseThrow();
    }

    BackupArtifact row(BackupArtifact a) {
        return catalog.findArtifact(a.id()).orElseThrow();
    }

    @Test
    void anUntamperedArtifactPassesAndItsEvidenceNamesTheKey() throws Exception {
        BackupArtifact a = backUp("snapshot of the moment", true);
        VerifiedArtifact v = reader(false).verify(a);
        assertThat(v.trust()).isEqualTo("catalog row matches the manifest signed by key " + key.fingerprint());
        String manifest = Files.readString(Path.of(catalog.findRun(a.runId()).orElseThrow().manifestLocation()));
        assertThat(json.readTree(manifest).path("artifacts").get(0).path("compression").asText()).isEqualTo("zstd");
        assertThat(json.readTree(manifest).path("signingKey").asText()).isEqualTo(key.fingerprint());
    }

    @Test
    void aRowPointedAtOtherStoredDataWithItsMatchingChecksumIsRefused() throws Exception {
        BackupArtifact chosen = backUp("the data the operator chose", true);
        BackupArtifact other = backUp("other data, planted by whoever can write the catalog", true);
        jdbc.update("update runbook_backup_artifact set local_location = ?, size_bytes = ?, sha256 = ? where id = ?",
                other.localLocation(), other.sizeBytes(), other.sha256(), chosen.id());
        // without the manifest the row would pass: location, size and checksum agree with each other
        assertThatThrownBy(() -> reader(false).verify(row(chosen)))
                .isInstanceOf(UntrustedArtifactException.class)
                .hasMessageContaining("artifact " + chosen.id())
                .hasMessageContaining("local_location is '" + other.localLocation() + "' in the catalog but '" + chosen.localLocation())
                .hasMessageContaining("sha256 is '" + other.sha256())
                .hasMessageContaining("refused: its catalog row differs from the signed manifest in local_location, size_bytes, sha256");
    }

    @Test
    void eachCheckedFieldChangedAloneIsNamed() throws Exception {
        BackupArtifact a = backUp("snapshot", true);
        Map<String, Object[]> changes = Map.of(
                "sha256", new Object[] {"sha256", "ab".repeat(32)},
                "size_bytes", new Object[] {"size_bytes", a.sizeBytes() + 1},
                "component", new Object[] {"component", "vault"},
                "kind", new Object[] {"kind", "raft-snapshot"},
                "node", new Object[] {"node", "etcd-2"},
                "local_location", new Object[] {"local_location", a.localLocation() + ".gz"});
        for (var change : changes.entrySet()) {
            String column = (String) change.getValue()[0];
            jdbc.update("update runbook_backup_artifact set " + column + " = ? where id = ?", change.getValue()[1], a.id());
            assertThatThrownBy(() -> reader(false).verify(row(a))).as(column)
                    .isInstanceOf(UntrustedArtifactException.class)
                    .hasMessageContaining(a.id()).hasMessageContaining(change.getKey() + " is '" + change.getValue()[1] + "' in the catalog");
            jdbc.update("update runbook_backup_artifact set " + column + " = ? where id = ?",
                    column.equals("size_bytes") ? a.sizeBytes() : switch (column) {
                        case "sha256" -> a.sha256();
                        case "component" -> a.component();
                        case "kind" -> a.kind();
                        case "node" -> a.node();
                        default -> a.localLocation();
                    }, a.id());
            assertThat(reader(false).verify(row(a)).trust()).as("restored " + column).startsWith("catalog row matches");
        }
        // a location with another extension also reads as another compression
        jdbc.update("update runbook_backup_artifact set local_location = ? where id = ?", a.localLocation() + ".gz", a.id());
        assertThatThrownBy(() -> reader(false).verify(row(a))).hasMessageContaining("(file extension of the location) is 'gzip'");
    }

    @Test
    void whatTheArtifactHoldsIsSignedAndAManifestFromBeforeItStillVerifies() throws Exception {
        String stamp = BackupRunContext.stampOf(OffsetDateTime.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
        BackupRun run = catalog.startRun("test", "test", List.of("etcd"), null);
        BackupRunContext context = new BackupRunContext(run.id(), stamp, null, Compression.ZSTD);
        ArtifactRequest request = ArtifactRequest.of(context, inventory.component(com.logicor.runbook.inventory.ComponentId.of("etcd")), "etcd", "snapshot", "snapshot.db")
                .withSubject(ArtifactSubject.etcdSnapshot(42L, 3735928559L));
        String id = store.store(request, out -> out.write("revision 42".getBytes(StandardCharsets.UTF_8))).catalogId();
        manifests.write(catalog.findRun(run.id()).orElseThrow(), stamp, "succeeded", Map.of());
        BackupArtifact a = catalog.findArtifact(id).orElseThrow();
        assertThat(a.etcdRevision()).isEqualTo(42L);
        assertThat(reader(false).verify(a).trust()).startsWith("catalog row matches");
        for (Object[] change : List.of(new Object[] {"etcd_revision", 41L}, new Object[] {"etcd_hash", 1L},
                new Object[] {"database_name", "earth"}, new Object[] {"table_name", "events"})) {
            Object was = jdbc.queryForObject("select " + change[0] + " from runbook_backup_artifact where id = ?", Object.class, id);
            jdbc.update("update runbook_backup_artifact set " + change[0] + " = ? where id = ?", change[1], id);
            assertThatThrownBy(() -> reader(false).verify(row(a))).as((String) change[0])
                    .isInstanceOf(UntrustedArtifactException.class)
                    .hasMessageContaining(change[0] + " is '" + change[1] + "' in the catalog");
            jdbc.update("update runbook_backup_artifact set " + change[0] + " = ? where id = ?", was, id);
        }

        // a manifest written before these fields existed lacks them: absent reads as null, as the older row has it
        BackupArtifact older = backUp("an older snapshot", true);
        Path manifest = Path.of(catalog.findRun(older.runId()).orElseThrow().manifestLocation());
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
        root.withArray("artifacts").forEach(e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e)
                .remove(List.of("database", "table", "etcdRevision", "etcdHash")));
        byte[] before = json.writeValueAsBytes(root);
        Files.write(manifest, before);
        Files.writeString(manifest.resolveSibling("manifest.json.sig"), key.sign(before));
        assertThat(reader(false).verify(row(older)).trust()).startsWith("catalog row matches");
        jdbc.update("update runbook_backup_artifact set database_name = ? where id = ?", "earth", older.id());
        assertThatThrownBy(() -> reader(false).verify(row(older))).hasMessageContaining("database_name is 'earth' in the catalog but null");
    }

    @Test
    void theStreamingReadsOfLaterStepsCheckTheRowAgain() throws Exception {
        BackupArtifact a = backUp("snapshot", true);
        VerifiedArtifact verified = reader(false).verify(a);
        jdbc.update("update runbook_backup_artifact set sha256 = ? where id = ?", "cd".repeat(32), a.id());
        VerifiedArtifact recalled = new VerifiedArtifact(row(a), verified.location(), verified.rawSize());
        assertThatThrownBy(() -> reader(false).openRaw(recalled)).isInstanceOf(UntrustedArtifactException.class).hasMessageContaining("sha256");
        assertThatThrownBy(() -> reader(false).withLocalCopy(recalled, local -> {
            throw new AssertionError("used a copy of an untrusted artifact");
        })).isInstanceOf(UntrustedArtifactException.class);
        assertThat(data.resolve("restore-spool")).doesNotExist();
    }

    @Test
    void aChangedManifestOrAnUntrustedKeyIsRefused() throws Exception {
        BackupArtifact a = backUp("snapshot", true);
        Path manifest = Path.of(catalog.findRun(a.runId()).orElseThrow().manifestLocation());
        String original = Files.readString(manifest);
        Files.writeString(manifest, original.replace(a.sha256(), "ef".repeat(32)));
        jdbc.update("update runbook_backup_artifact set sha256 = ? where id = ?", "ef".repeat(32), a.id());
        assertThatThrownBy(() -> reader(false).verify(row(a))).isInstanceOf(UntrustedArtifactException.class)
                .hasMessageContaining(a.id()).hasMessageContaining("does not verify the manifest")
                .hasMessageContaining(key.fingerprint());

        // another runbook's key signs a manifest that agrees with the tampered row: not trusted here
        ManifestSigningKey stranger = new ManifestSigningKey(data.resolve("stranger").toString(), data.resolve("stranger/trusted").toString());
        Files.writeString(manifest.resolveSibling("manifest.json.sig"), stranger.sign(Files.readAllBytes(manifest)));
        assertThatThrownBy(() -> reader(false).verify(row(a))).hasMessageContaining("does not verify the manifest");

        // a second runbook node that shares the catalog signs with its own key: trusted once its public key is in trusted/
        Files.writeString(manifest, original);
        jdbc.update("update runbook_backup_artifact set sha256 = ? where id = ?", a.sha256(), a.id());
        Files.writeString(manifest.resolveSibling("manifest.json.sig"), stranger.sign(original.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> reader(false).verify(row(a))).hasMessageContaining("does not verify the manifest");
        Files.createDirectories(data.resolve("signing/trusted"));
        Files.copy(data.resolve("stranger").resolve(ManifestSigningKey.PUBLIC_FILE), data.resolve("signing/trusted/node-2.pub"));
        assertThat(reader(false).verify(row(a)).trust()).endsWith(stranger.fingerprint());
    }

    @Test
    void runsThatShareAStampKeepTheirOwnManifests() throws Exception {
        // timers of two components firing in the same second give their runs one stamp
        String stamp = BackupRunContext.stampOf(OffsetDateTime.now());
        BackupArtifact etcd = backUp(com.logicor.runbook.inventory.ComponentId.of("etcd"), "etcd snapshot", true, stamp);
        BackupArtifact vault = backUp(com.logicor.runbook.inventory.ComponentId.of("vault"), "vault snapshot", true, stamp);
        assertThat(catalog.findRun(etcd.runId()).orElseThrow().manifestLocation())
                .isNotEqualTo(catalog.findRun(vault.runId()).orElseThrow().manifestLocation());
        assertThat(reader(false).verify(etcd).trust()).startsWith("catalog row matches");
        assertThat(reader(false).verify(vault).trust()).startsWith("catalog row matches");
    }

    @Test
    void aManifestOfAnotherRunIsRefused() throws Exception {
        BackupArtifact a = backUp("snapshot", true);
        BackupArtifact b = backUp("another", true);
        jdbc.update("update runbook_backup_run set manifest_location = ? where id = ?",
                catalog.findRun(b.runId()).orElseThrow().manifestLocation(), a.runId());
        assertThatThrownBy(() -> reader(false).verify(row(a))).hasMessageContaining("is the manifest of backup run " + b.runId());
    }

    @Test
    void unsignedRunsAreRefusedUnlessTheMigrationSwitchIsOn() throws Exception {
        BackupArtifact neverClosed = backUp("snapshot", false);
        assertThatThrownBy(() -> reader(false).verify(neverClosed)).isInstanceOf(UntrustedArtifactException.class)
                .hasMessageContaining(neverClosed.id()).hasMessageContaining("has no manifest")
                .hasMessageContaining(SignedManifestCheck.ACCEPT_UNSIGNED + "=true");
        assertThat(reader(true).verify(neverClosed).trust()).startsWith("NO manifest, accepted by");

        BackupArtifact older = backUp("snapshot", true);
        Path manifest = Path.of(catalog.findRun(older.runId()).orElseThrow().manifestLocation());
        Files.delete(manifest.resolveSibling("manifest.json.sig"));
        assertThatThrownBy(() -> reader(false).verify(older)).hasMessageContaining("has no signature");
        assertThat(reader(true).verify(older).trust()).startsWith("UNSIGNED manifest");
        // the switch trusts an unsigned manifest, not a row that disagrees with it
        jdbc.update("update runbook_backup_artifact set sha256 = ? where id = ?", "01".repeat(32), older.id());
        assertThatThrownBy(() -> reader(true).verify(row(older))).hasMessageContaining("the unsigned manifest").hasMessageContaining("sha256");
    }
}
