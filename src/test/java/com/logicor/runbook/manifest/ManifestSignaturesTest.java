package com.logicor.runbook.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Ed25519 sign and verify as manifests use them: any changed byte, in the manifest or the signature, or another key fails. */
class ManifestSignaturesTest {

    static final byte[] MANIFEST = "{\"runId\":\"r1\",\"artifacts\":[{\"id\":\"a1\",\"sha256\":\"00ff\"}]}".getBytes(StandardCharsets.UTF_8);
    final KeyPair key = ManifestSignatures.newKeyPair();

    @Test
    void aGoodSignatureVerifies() {
        String signature = ManifestSignatures.sign(key.getPrivate(), MANIFEST);
        assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, signature)).isTrue();
        assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, signature + "\n")).as("trailing newline of the .sig file").isTrue();
    }

    @Test
    void aFlippedByteInTheManifestFails() {
        String signature = ManifestSignatures.sign(key.getPrivate(), MANIFEST);
        for (int i = 0; i < MANIFEST.length; i++) {
            byte[] changed = MANIFEST.clone();
            changed[i] ^= 0x01;
            assertThat(ManifestSignatures.verifies(key.getPublic(), changed, signature)).as("byte " + i).isFalse();
        }
    }

    @Test
    void aFlippedByteInTheSignatureFails() {
        byte[] raw = Base64.getDecoder().decode(ManifestSignatures.sign(key.getPrivate(), MANIFEST));
        assertThat(raw).hasSize(64);
        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 0x01;
            assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, Base64.getEncoder().encodeToString(changed)))
                    .as("byte " + i).isFalse();
        }
        assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, "not base64 at all!")).isFalse();
        assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, "")).isFalse();
    }

    @Test
    void anotherKeysSignatureFails() {
        KeyPair other = ManifestSignatures.newKeyPair();
        String signature = ManifestSignatures.sign(other.getPrivate(), MANIFEST);
        assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, signature)).isFalse();
        assertThat(ManifestSignatures.verifies(other.getPublic(), MANIFEST, signature)).isTrue();
        assertThat(ManifestSignatures.fingerprint(other.getPublic())).isNotEqualTo(ManifestSignatures.fingerprint(key.getPublic()))
                .startsWith("SHA256:").hasSize(7 + 64);
    }

    @Test
    void keysSurviveTheirPemForm() throws Exception {
        String privatePem = ManifestSignatures.privatePem(key.getPrivate());
        String publicPem = ManifestSignatures.publicPem(key.getPublic());
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String signature = ManifestSignatures.sign(ManifestSignatures.readPrivatePem(privatePem), MANIFEST);
        assertThat(ManifestSignatures.verifies(ManifestSignatures.readPublicPem(publicPem), MANIFEST, signature)).isTrue();
        assertThat(ManifestSignatures.verifies(key.getPublic(), MANIFEST, signature)).isTrue();
    }
}
