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

    static ManifestSigningKey key(Path dir) {
        return new ManifestSigningKey(dir.toString(), dir.resolve("trusted").toString());
    }

    @Test
    void theFirstStartCreatesAnOwnerOnlyKeyAndLaterStartsReadIt() throws Exception {
        Path dir = data.resolve("signing");
        ManifestSigningKey first = key(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ManifestSigningKey.PRIVATE_FILE))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve(ManifestSigningKey.PUBLIC_FILE))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(dir.resolve(ManifestSigningKey.PRIVATE_FILE + ".tmp")).doesNotExist();

        ManifestSigningKey again = key(dir);
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(ManifestSignatures.verifies(first.publicKey(), MANIFEST, again.sign(MANIFEST))).isTrue();
    }

    @Test
    void aPrivateKeyWithoutItsPublicHalfStopsTheStartInsteadOfMakingANewKey() throws Exception {
        Path dir = data.resolve("signing");
        key(dir);
        Files.delete(dir.resolve(ManifestSigningKey.PUBLIC_FILE));
        assertThatThrownBy(() -> key(dir)).hasMessageContaining(ManifestSigningKey.PUBLIC_FILE);
    }

    @Test
    void aPublicKeyOfAnotherPairStopsTheStart() throws Exception {
        Path dir = data.resolve("signing");
        key(dir);
        Files.writeString(dir.resolve(ManifestSigningKey.PUBLIC_FILE), ManifestSignatures.publicPem(ManifestSignatures.newKeyPair().getPublic()));
        assertThatThrownBy(() -> key(dir)).hasMessageContaining("is not the public half");
    }

    @Test
    void afterARotationOldRunsVerifyByTheOldPublicKeyInTrusted() throws Exception {
        Path dir = data.resolve("signing");
        ManifestSigningKey old = key(dir);
        String oldSignature = old.sign(MANIFEST);

        // rotation: the operator deletes the private key and restarts; the old public key moves to trusted/
        Files.delete(dir.resolve(ManifestSigningKey.PRIVATE_FILE));
        ManifestSigningKey rotated = key(dir);
        assertThat(rotated.fingerprint()).isNotEqualTo(old.fingerprint());
        Path trusted = dir.resolve("trusted");
        Path retired = trusted.resolve("retired-" + old.fingerprint().substring(7, 23) + ".pub");
        assertThat(retired).exists();

        TrustedManifestKeys keys = new TrustedManifestKeys(rotated, trusted.toString());
        assertThat(keys.signerOf(MANIFEST, oldSignature)).contains(old.fingerprint());
        assertThat(keys.signerOf(MANIFEST, rotated.sign(MANIFEST))).contains(rotated.fingerprint());

        Files.delete(retired);
        Files.writeString(trusted.resolve("garbage.pub"), "not a key"); // ignored with a warning, not fatal
        assertThat(keys.signerOf(MANIFEST, oldSignature)).as("the old key no longer trusted").isEmpty();
        assertThat(keys.signerOf(MANIFEST, rotated.sign(MANIFEST))).contains(rotated.fingerprint());
    }
}
