package com.logicor.runbook.inventory;

import com.logicor.runbook.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
public final class RunbookSshKey {

    private static final Logger log = LoggerFactory.getLogger(RunbookSshKey.class);

    private final Path dir;

    public RunbookSshKey(Path dir) {
        this.dir = dir;
    }

    public void ensureExists() {
        Path privateKey = dir.resolve("id_ed25519");
        Path knownHosts = dir.resolve("known_hosts");
        try {
            OwnerOnlyFiles.createDirectories(dir);
            if (!Files.exists(knownHosts)) {
                OwnerOnlyFiles.createFile(knownHosts);
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
            // 600 from its creation: the key is never readable by others, not even for a moment
            OwnerOnlyFiles.writeString(privateKey, pem.toString());
            String publicKey = "ssh-ed25519 " + Base64.getEncoder()
                    .encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic())) + " logicor-runbook";
            OwnerOnlyFiles.writeString(dir.resolve("id_ed25519.pub"), publicKey + "\n");
            log.info("Created the runbook's SSH key {}; add {} to authorized_keys on every VM", privateKey, publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runbook SSH key under " + dir, e);
        }
    }
}
