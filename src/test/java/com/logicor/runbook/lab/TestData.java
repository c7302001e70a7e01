package com.logicor.runbook.lab;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Large deterministic streams without holding them in memory, and sha256 helpers. */
public final class TestData {

    private TestData() {
    }

    /** {@code length} pseudo-random bytes from {@code seed}; {@code available()} says nothing of the length. */
    public static InputStream stream(long length, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = length;

            @Override
            public int read() {
                if (left <= 0) return -1;
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8 && i + j < n; j++) {
                        b[off + i + j] = (byte) (r >>> (8 * j));
                    }
                }
                left -= n;
                return n;
            }
        };
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256Of(InputStream in) throws java.io.IOException {
        MessageDigest digest = sha256();
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return hex(digest);
    }
}
