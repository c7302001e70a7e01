package com.logicor.runbook.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key's files: made once, owner-only, the same key on the next start; old public keys in trusted/ after a rotation. */
class ManifestSigningKeyTest {

    static final byte[] MANIFEST = "{\"runId\":\"r1\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    @Test
    void theFirstStartCreatesAnOwnerOnlyKeyAndLaterStartsReadIt() throws Exception {
        Path dir = data.resolve("signing");
        ManifestSigningKey first = new ManifestSigningKey(dir.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ManifestSigningKey.PRIVATE_FILE))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve(ManifestSigningKey.PUBLIC_FILE))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(dir.resolve(ManifestSigningKey.PRIVATE_FILE + ".tmp")).doesNotExist();

        ManifestSigningKey again = new ManifestSigningKey(dir.toString());
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(ManifestSignatures.verifies(first.publicKey(), MANIFEST, again.sign(MANIFEST))).isTrue();
    }

    @Test
    void aPrivateKeyWithoutItsPublicHalfStopsTheStartInsteadOfMakingANewKey() throws Exception {
        Path dir = data.resolve("signing");
        new ManifestSigningKey(dir.toString());
        Files.delete(dir.resolve(ManifestSigningKey.PUBLIC_FILE));
        assertThatThrownBy(() -> new ManifestSigningKey(dir.toString())).hasMessageContaining(ManifestSigningKey.PUBLIC_FILE);
    }

    @Test
    void aPublicKeyOfAnotherPairStopsTheStart() throws Exception {
        Path dir = data.resolve("signing");
        new ManifestSigningKey(dir.toString());
        Files.writeString(dir.resolve(ManifestSigningKey.PUBLIC_FILE), ManifestSignatures.publicPem(ManifestSignatures.newKeyPair().getPublic()));
        assertThatThrownBy(() -> new ManifestSigningKey(dir.toString())).hasMessageContaining("is not the public half");
    }

    @Test
    void afterARotationOldRunsVerifyByTheOldPublicKeyInTrusted() throws Exception {
        Path dir = data.resolve("signing");
        ManifestSigningKey old = new ManifestSigningKey(dir.toString());
        String oldSignature = old.sign(MANIFEST);

        // rotation: the old public key moves to trusted/, the pair is removed, the next start makes a new one
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.move(dir.resolve(ManifestSigningKey.PUBLIC_FILE), trusted.resolve("2026-11-old.pub"));
        Files.delete(dir.resolve(ManifestSigningKey.PRIVATE_FILE));
        ManifestSigningKey rotated = new ManifestSigningKey(dir.toString());
        assertThat(rotated.fingerprint()).isNotEqualTo(old.fingerprint());

        TrustedManifestKeys keys = new TrustedManifestKeys(rotated, trusted.toString());
        assertThat(keys.signerOf(MANIFEST, oldSignature)).contains(old.fingerprint());
        assertThat(keys.signerOf(MANIFEST, rotated.sign(MANIFEST))).contains(rotated.fingerprint());

        Files.delete(trusted.resolve("2026-11-old.pub"));
        Files.writeString(trusted.resolve("garbage.pub"), "not a key"); // ignored with a warning, not fatal
        assertThat(keys.signerOf(MANIFEST, oldSignature)).as("the old key no longer trusted").isEmpty();
        assertThat(keys.signerOf(MANIFEST, rotated.sign(MANIFEST))).contains(rotated.fingerprint());
    }
}
