package com.logicor.runbook.manifest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 with the JDK's own provider: key pairs, detached signatures (base64 text, as stored in
 * {@code manifest.json.sig}) and the PEM forms of the keys (PKCS#8 private, X.509 public — what
 * {@code openssl pkeyutl} reads, so an auditor can check a manifest without the runbook).
 */
public final class ManifestSignatures {

    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";

    private ManifestSignatures() {
    }

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
        }
    }

    /** The detached signature of {@code content}, base64. */
    public static String sign(PrivateKey key, byte[] content) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(content);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the manifest key", e);
        }
    }

    /** True only when {@code signature} (base64, surrounding white space ignored) is {@code key}'s over exactly {@code content}. */
    public static boolean verifies(PublicKey key, byte[] content, String signature) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(content);
            return s.verify(raw);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with the manifest key", e);
        }
    }

    /** {@code SHA256:<hex>} of the X.509 encoding: names a key in messages and in the manifest. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String privatePem(PrivateKey key) {
        return pem(PRIVATE_PEM, key.getEncoded());
    }

    public static String publicPem(PublicKey key) {
        return pem(PUBLIC_PEM, key.getEncoded());
    }

    public static PrivateKey readPrivatePem(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(unpem(PRIVATE_PEM, pem)));
    }

    public static PublicKey readPublicPem(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(unpem(PUBLIC_PEM, pem)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String type, String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) throw new GeneralSecurityException("not a PEM " + type);
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("damaged PEM " + type, e);
        }
    }
}
