package com.logicor.runbook.manifest;

import com.logicor.runbook.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The runbook's own manifest signing key, kept outside the database: {@code <signing dir>/manifest-ed25519.key}
 * (PKCS#8 PEM, owner-only) and {@code manifest-ed25519.pub} (X.509 PEM). Created on the first start; whoever
 * can write the catalog cannot sign, so a catalog row that no longer matches its signed manifest is caught.
 * Rotation: delete the .key and restart — the old .pub moves into the trusted folder (it still verifies the runs
 * it signed) and a new pair is made; other nodes that verify must be given the new .pub.
 */
@Component
public class ManifestSigningKey {

    static final String PRIVATE_FILE = "manifest-ed25519.key";
    static final String PUBLIC_FILE = "manifest-ed25519.pub";
    private static final Logger log = LoggerFactory.getLogger(ManifestSigningKey.class);

    private final Path dir;
    private final Path trustedDir;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String fingerprint;

    public ManifestSigningKey(@Value("${runbook.signing.dir:${runbook.data-dir}/signing}") String dir,
                              @Value("${runbook.signing.trusted-dir:${runbook.signing.dir:${runbook.data-dir}/signing}/trusted}") String trustedDir) {
        this.dir = Path.of(dir);
        this.trustedDir = Path.of(trustedDir);
        KeyPair pair = loadOrCreate();
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.fingerprint = ManifestSignatures.fingerprint(publicKey);
    }

    /** The detached signature of {@code content}, base64: what {@code manifest.json.sig} holds. */
    public String sign(byte[] content) {
        return ManifestSignatures.sign(privateKey, content);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Path directory() {
        return dir;
    }

    private KeyPair loadOrCreate() {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        try {
            if (dir.getParent() != null) Files.createDirectories(dir.getParent());
            OwnerOnlyFiles.createDirectories(dir);
            if (Files.exists(privateFile)) {
                warnIfOthersCanRead(privateFile);
                if (!Files.exists(publicFile)) {
                    throw new IllegalStateException(privateFile + " has no " + PUBLIC_FILE + " beside it; restore it from the "
                            + "backup of the signing directory (a new key would not verify the runs signed so far)");
                }
                PrivateKey priv = ManifestSignatures.readPrivatePem(Files.readString(privateFile, StandardCharsets.US_ASCII));
                PublicKey pub = ManifestSignatures.readPublicPem(Files.readString(publicFile, StandardCharsets.US_ASCII));
                byte[] probe = "manifest key pair check".getBytes(StandardCharsets.US_ASCII);
                if (!ManifestSignatures.verifies(pub, probe, ManifestSignatures.sign(priv, probe))) {
                    throw new IllegalStateException(publicFile + " is not the public half of " + privateFile);
                }
                return new KeyPair(pub, priv);
            }
            if (Files.exists(publicFile)) retire(publicFile);
            KeyPair pair = ManifestSignatures.newKeyPair();
            // the public half first: a crash in between leaves no private key, and the next start makes a new pair
            Path publicTmp = dir.resolve(PUBLIC_FILE + ".tmp");
            Files.writeString(publicTmp, ManifestSignatures.publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
            Files.move(publicTmp, publicFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // owner-only from the moment the file exists (no chmod afterwards, no window), moved in whole
            Path privateTmp = dir.resolve(PRIVATE_FILE + ".tmp");
            Files.deleteIfExists(privateTmp);
            OwnerOnlyFiles.writeString(privateTmp, ManifestSignatures.privatePem(pair.getPrivate()));
            Files.move(privateTmp, privateFile, StandardCopyOption.ATOMIC_MOVE);
            log.info("Created the manifest signing key {} ({}); back up {} with the runbook's data, it is not in the database",
                    privateFile, ManifestSignatures.fingerprint(pair.getPublic()), dir);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the manifest signing key under " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the manifest signing key under " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A public key whose private half is gone (a rotation: the operator deleted the .key) keeps verifying the runs it
     * signed: it moves into the trusted folder instead of being overwritten by the new pair's.
     */
    private void retire(Path publicFile) throws IOException, GeneralSecurityException {
        PublicKey old = ManifestSignatures.readPublicPem(Files.readString(publicFile, StandardCharsets.US_ASCII));
        Files.createDirectories(trustedDir);
        Path kept = trustedDir.resolve("retired-" + ManifestSignatures.fingerprint(old).substring("SHA256:".length(), 23) + ".pub");
        Files.move(publicFile, kept, StandardCopyOption.REPLACE_EXISTING);
        log.warn("{} had no private key beside it: kept as {} (still trusted for the runs it signed); a new key is made", publicFile, kept);
    }

    private static boolean posix(Path dir) {
        Path where = dir == null ? Path.of("").toAbsolutePath() : dir;
        return where.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void warnIfOthersCanRead(Path privateFile) throws IOException {
        if (!posix(privateFile.getParent())) return;
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(privateFile);
        if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("{} is readable by others ({}): chmod 600 it", privateFile, PosixFilePermissions.toString(p));
        }
    }
}
