package com.logicor.runbook.inventory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbook's own SSH identity for the built-in inventory: created on first start (an ed25519 pair and
 * an empty known_hosts) so that the default layout is complete; the operator installs the public key on
 * the VMs and fills known_hosts.
 */
final class RunbookSshKey {

    private static final Logger log = LoggerFactory.getLogger(RunbookSshKey.class);

    private final Path dir;

    RunbookSshKey(Path dir) {
        this.dir = dir;
    }

    void ensureExists() {
        Path privateKey = dir.resolve("id_ed25519");
        Path knownHosts = dir.resolve("known_hosts");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(knownHosts)) {
                Files.createFile(knownHosts);
            }
            if (Files.exists(privateKey)) {
                return;
            }
            var generator = new Ed25519KeyPairGenerator();
            generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            AsymmetricCipherKeyPair pair = generator.generateKeyPair();
            StringWriter pem = new StringWriter();
            try (PemWriter writer = new PemWriter(pem)) {
                writer.writeObject(new PemObject("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate())));
            }
            Files.writeString(privateKey, pem.toString(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            String publicKey = "ssh-ed25519 " + Base64.getEncoder()
                    .encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic())) + " logicor-runbook";
            Files.writeString(dir.resolve("id_ed25519.pub"), publicKey + "\n", StandardCharsets.US_ASCII);
            log.info("Created the runbook's SSH key {}; add {} to authorized_keys on every VM", privateKey, publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runbook SSH key under " + dir, e);
        }
    }
}
