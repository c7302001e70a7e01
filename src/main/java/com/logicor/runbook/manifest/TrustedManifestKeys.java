package com.logicor.runbook.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The public keys a manifest signature may come from: this runbook's own key, and every {@code *.pub} (X.509 PEM)
 * in the trusted directory ({@code runbook.signing.trusted-dir}, default {@code <signing dir>/trusted}) — the
 * keys of earlier rotations, and of other runbook nodes that share the catalog. The directory is read at each
 * check, so a key added there counts without a restart.
 */
@Component
public class TrustedManifestKeys {

    private static final Logger log = LoggerFactory.getLogger(TrustedManifestKeys.class);

    private final ManifestSigningKey own;
    private final Path trustedDir;

    public TrustedManifestKeys(ManifestSigningKey own,
                               @Value("${runbook.signing.trusted-dir:${runbook.signing.dir:${runbook.data-dir}/signing}/trusted}") String trustedDir) {
        this.own = own;
        this.trustedDir = Path.of(trustedDir);
    }

    /** The fingerprint of the trusted key whose signature {@code signature} is over exactly {@code content}; empty if none. */
    public Optional<String> signerOf(byte[] content, String signature) {
        for (PublicKey key : keys()) {
            if (ManifestSignatures.verifies(key, content, signature)) return Optional.of(ManifestSignatures.fingerprint(key));
        }
        return Optional.empty();
    }

    /** This runbook's own key, which signs the runs it closes. */
    public String ownFingerprint() {
        return own.fingerprint();
    }

    public Path directory() {
        return trustedDir;
    }

    List<PublicKey> keys() {
        List<PublicKey> keys = new ArrayList<>();
        keys.add(own.publicKey());
        if (!Files.isDirectory(trustedDir)) return keys;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(trustedDir, "*.pub")) {
            for (Path f : files) {
                try {
                    keys.add(ManifestSignatures.readPublicPem(Files.readString(f, StandardCharsets.US_ASCII)));
                } catch (IOException | GeneralSecurityException e) {
                    log.warn("ignoring {}: not an Ed25519 public key in PEM ({})", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list the trusted manifest keys in {}: {}", trustedDir, e.getMessage());
        }
        return keys;
    }
}
