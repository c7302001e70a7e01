package com.logicor.runbook.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.backup.ArtifactRequest;
import com.logicor.runbook.backup.ArtifactStore;
import com.logicor.runbook.backup.BackupRunContext;
import com.logicor.runbook.backup.RunManifestWriter;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.InventoryLoader;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.manifest.ManifestSigningKey;
import com.logicor.runbook.manifest.SignedManifestCheck;
import com.logicor.runbook.manifest.TrustedManifestKeys;
import com.logicor.runbook.storage.BackupStorage;
import com.logicor.runbook.storage.ObjectStorage;
import com.logicor.runbook.streams.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fallback and quarantine with the real catalog (H2, real migrations), store, signed manifest and reader: each
 * artifact has its local copy and an "S3" copy in memory (the same bytes, recorded in the catalog and the signed
 * manifest). A damaged S3 copy is quarantined and the local copy restored from, saying so; both damaged fail naming
 * both; the damage mark lives in the catalog and no variable undoes it. RestoreFallbackIT does it on the lab's S3.
 */
class ArtifactFallbackTest {

    static final String BUCKET = "fake-bucket";

    @TempDir
    Path data;
    JdbcTemplate jdbc;
    BackupCatalog catalog;
    FakeS3 s3;
    BackupStorage storage;
    ArtifactStore store;
    ManifestSigningKey key;
    RunManifestWriter manifests;
    Inventory inventory;
    ArtifactReader reader;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void parts() throws Exception {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/catalog").table("runbook_schema_history").load().migrate();
        jdbc = new JdbcTemplate(ds);
        catalog = new BackupCatalog(jdbc);
        Files.createDirectories(data.resolve("ssh"));
        Files.createFile(data.resolve("ssh/id_ed25519"));
        Files.createFile(data.resolve("ssh/known_hosts"));
        inventory = new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).loadBuiltIn(data);
        s3 = new FakeS3();
        storage = new WithFakeS3(inventory, s3);
        store = new ArtifactStore(new BackupStorage(inventory, new SecretResolver()), catalog, "etag", Compression.DEFAULT_ZSTD_LEVEL);
        key = new ManifestSigningKey(data.resolve("signing").toString(), data.resolve("signing/trusted").toString());
        manifests = new RunManifestWriter(catalog, store, json, key);
        TrustedManifestKeys trusted = new TrustedManifestKeys(key, data.resolve("signing/trusted").toString());
        reader = new ArtifactReader(storage, new SignedManifestCheck(catalog, storage, trusted, json, false), catalog, data.toString());
    }

    /** An etcd snapshot stored locally, copied to the fake S3 and recorded there, in a closed (signed) run of its own. */
    BackupArtifact backUp(String content) throws Exception {
        ComponentId etcd = ComponentId.of("etcd");
        BackupRun run = catalog.startRun("test", "test", List.of(etcd.id()), null);
        String stamp = BackupRunContext.stampOf(OffsetDateTime.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
        BackupRunContext context = new BackupRunContext(run.id(), stamp, null, Compression.ZSTD);
        String id = store.store(ArtifactRequest.of(context, inventory.component(etcd), etcd.id(), "snapshot", "snapshot.db"),
                out -> out.write(content.getBytes(StandardCharsets.UTF_8))).catalogId();
        BackupArtifact local = catalog.findArtifact(id).orElseThrow();
        String key = "etcd/" + stamp + "/snapshot.db.zst";
        s3.objects.put(key, Files.readAllBytes(Path.of(local.localLocation())));
        jdbc.update("update runbook_backup_artifact set remote_location = ? where id = ?", "s3://" + BUCKET + "/" + key, id);
        manifests.write(catalog.findRun(run.id()).orElseThrow(), stamp, "succeeded", Map.of());
        Thread.sleep(5); // runs ordered by start time
        return row(id);
    }

    BackupArtifact row(String id) {
        return catalog.findArtifact(id).orElseThrow();
    }

    void damageS3(BackupArtifact a) {
        String key = a.remoteLocation().substring(("s3://" + BUCKET + "/").length());
        byte[] bytes = s3.objects.get(key).clone();
        bytes[bytes.length / 2] ^= 0x5a;
        s3.objects.put(key, bytes);
    }

    static void damageLocal(BackupArtifact a) throws IOException {
        Path file = Path.of(a.localLocation());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
    }

    @Test
    void bothCopiesIntactReadsS3WithoutAFallbackNote() throws Exception {
        BackupArtifact a = backUp("intact");
        VerifiedArtifact v = reader.verify(a);
        assertThat(v.location()).isEqualTo(a.remoteLocation());
        assertThat(v.fallback()).isNull();
        assertThat(RestorePreflight.evidence(v)).startsWith("snapshot snapshot.db of backup run");
    }

    @Test
    void aDamagedS3CopyIsQuarantinedAndTheLocalCopyIsUsedSayingSo() throws Exception {
        BackupArtifact a = backUp("the snapshot");
        damageS3(a);

        VerifiedArtifact v = reader.verify(a);

        assertThat(v.location()).isEqualTo(a.localLocation());
        assertThat(v.trust()).startsWith("catalog row matches the manifest signed by key " + key.fingerprint());
        String evidence = RestorePreflight.evidence(v);
        assertThat(evidence).startsWith("S3 copy damaged (sha256 mismatch: " + a.remoteLocation() + " has sha256 ")
                .contains("; using the local copy, which matched: snapshot snapshot.db of backup run " + a.runId()
                        + ": " + a.localLocation());
        BackupArtifact after = row(a.id());
        assertThat(after.remoteDamage()).startsWith("sha256 mismatch: " + a.remoteLocation());
        assertThat(after.localDamage()).isNull();
        assertThat(after.remoteIntact()).isFalse();
        assertThat(after.localIntact()).isTrue();
        assertThat(catalog.retainedArtifacts("etcd")).extracting(BackupArtifact::id).containsExactly(a.id());

        // the next read does not try the quarantined copy again, and says why it is not used
        VerifiedArtifact again = reader.verify(after);
        assertThat(again.location()).isEqualTo(a.localLocation());
        assertThat(again.fallback()).startsWith("S3 copy is quarantined as damaged (sha256 mismatch")
                .endsWith("; using the local copy, which matched");
    }

    @Test
    void theChosenLocalLocationIsRememberedAndRecalledAndTheStepsReadIt() throws Exception {
        BackupArtifact a = backUp("restore me");
        damageS3(a);
        RestoreArtifacts artifacts = new RestoreArtifacts(catalog);
        DelegateExecution execution = execution();

        artifacts.remember(execution, "snapshot", reader.verify(a));
        VerifiedArtifact recalled = artifacts.recall(execution, "snapshot");
        assertThat(recalled.location()).isEqualTo(a.localLocation());
        try (InputStream raw = reader.openRaw(recalled)) {
            assertThat(new String(raw.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("restore me");
        }
        reader.withLocalCopy(recalled, local -> assertThat(Files.size(Path.of(local.location()))).isEqualTo(a.sizeBytes()));

        // a variable pointed back at the quarantined S3 copy is refused: the mark is the catalog's, not the variable's
        RestoreArtifacts.location("snapshot").set(execution, a.remoteLocation());
        assertThatThrownBy(() -> artifacts.recall(execution, "snapshot"))
                .isInstanceOf(ArtifactDamagedException.class)
                .hasMessageContaining("the copy at " + a.remoteLocation() + " is quarantined as damaged (sha256 mismatch");
    }

    @Test
    void bothCopiesDamagedFailsNamingBothAndTheArtifactIsNoLongerNewestVerified() throws Exception {
        BackupArtifact older = backUp("older, intact");
        BackupArtifact a = backUp("newer, to be damaged");
        assertThat(catalog.retainedArtifacts("etcd")).extracting(BackupArtifact::id).containsExactly(a.id(), older.id());
        damageS3(a);
        damageLocal(a);

        assertThatThrownBy(() -> reader.verify(a))
                .isInstanceOf(ArtifactDamagedException.class)
                .hasMessageContaining("no copy passed its check (S3 copy damaged (sha256 mismatch), local copy damaged (sha256 mismatch))")
                .hasMessageContaining("S3 copy damaged (sha256 mismatch: " + a.remoteLocation())
                .hasMessageContaining("local copy damaged (sha256 mismatch: " + a.localLocation());
        BackupArtifact after = row(a.id());
        assertThat(after.remoteDamage()).contains(a.remoteLocation());
        assertThat(after.localDamage()).contains(a.localLocation());
        assertThat(catalog.retainedArtifacts("etcd")).extracting(BackupArtifact::id).containsExactly(older.id());

        // read again: both quarantined, both named, nothing read
        assertThatThrownBy(() -> reader.verify(after))
                .hasMessageContaining("no copy passed its check (S3 copy quarantined (sha256 mismatch), local copy quarantined (sha256 mismatch))")
                .hasMessageContaining("S3 copy is quarantined as damaged (sha256 mismatch")
                .hasMessageContaining("local copy is quarantined as damaged (sha256 mismatch");
    }

    @Test
    void theDamageMarkIsNotPartOfTheSignedRowAndTheFirstReasonStays() throws Exception {
        BackupArtifact a = backUp("signed");
        damageS3(a);
        reader.verify(a);
        String first = row(a.id()).remoteDamage();
        catalog.markCopyDamaged(a.id(), BackupCatalog.Copy.REMOTE, "another reason");
        assertThat(row(a.id()).remoteDamage()).isEqualTo(first);
        // the manifest check still passes for the intact copy's row
        assertThat(reader.verify(row(a.id())).trust()).startsWith("catalog row matches the manifest signed by key");
    }

    @Test
    void aStepThatFindsItsS3CopyDamagedLaterQuarantinesItAndCopiesTheLocalOne() throws Exception {
        BackupArtifact a = backUp("later damage");
        VerifiedArtifact v = reader.verify(a);
        assertThat(v.location()).isEqualTo(a.remoteLocation());
        damageS3(a);
        long[] copied = new long[1];
        reader.withLocalCopy(v, local -> copied[0] = Files.size(Path.of(local.location())));
        assertThat(copied[0]).isEqualTo(a.sizeBytes());
        assertThat(row(a.id()).remoteDamage()).startsWith("sha256 mismatch");

        // a stream cannot change its source half way: it fails, and the copy is quarantined all the same
        BackupArtifact b = backUp("streamed");
        VerifiedArtifact vb = reader.verify(b);
        damageS3(b);
        assertThatThrownBy(() -> {
            try (InputStream raw = reader.openRaw(vb)) {
                raw.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        assertThat(row(b.id()).remoteDamage()).startsWith("sha256 mismatch");
    }

    @Test
    void aStepWhoseOnlyCopyIsDamagedFails() throws Exception {
        BackupArtifact a = backUp("both later");
        VerifiedArtifact v = reader.verify(a);
        damageS3(a);
        damageLocal(a);
        assertThatThrownBy(() -> reader.withLocalCopy(v, local -> { }))
                .isInstanceOf(ArtifactDamagedException.class).hasMessageContaining("sha256 mismatch: " + a.localLocation());
        assertThat(row(a.id()).remoteDamage()).isNotNull();
        assertThat(row(a.id()).localDamage()).isNotNull();
    }

    static DelegateExecution execution() {
        Map<String, Object> variables = new HashMap<>();
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.<String>getArgument(0)));
        doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
        return execution;
    }

    /** The inventory's local storage, plus the fake S3 for {@code s3://} locations. */
    static final class WithFakeS3 extends BackupStorage {
        private final FakeS3 s3;

        WithFakeS3(Inventory inventory, FakeS3 s3) {
            super(inventory, new SecretResolver());
            this.s3 = s3;
        }

        @Override
        public Optional<ObjectStorage> remote() {
            return Optional.of(s3);
        }

        @Override
        public InputStream open(String location) throws IOException {
            if (location.startsWith("s3://")) return s3.get(location.substring(("s3://" + BUCKET + "/").length()));
            return super.open(location);
        }
    }

    /** Objects in a map. */
    static final class FakeS3 implements ObjectStorage {
        final Map<String, byte[]> objects = new HashMap<>();

        @Override public void probe() { }
        @Override public void ensureBucket() { }
        @Override public StoredObject put(String key, InputStream data, String contentType) {
            throw new UnsupportedOperationException();
        }
        @Override public InputStream get(String key) {
            byte[] bytes = objects.get(key);
            if (bytes == null) throw new IllegalArgumentException("no object " + key);
            return new ByteArrayInputStream(bytes);
        }
        @Override public Optional<StoredObject> stat(String key) {
            byte[] bytes = objects.get(key);
            return bytes == null ? Optional.empty() : Optional.of(new StoredObject(key, bytes.length, "", ZonedDateTime.now()));
        }
        @Override public List<StoredObject> list(String prefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> stat(k).orElseThrow()).toList();
        }
        @Override public void delete(String key) {
            objects.remove(key);
        }
        @Override public String bucket() {
            return BUCKET;
        }
        @Override public long partSize() {
            return 16L * 1024 * 1024;
        }
    }
}
