package com.logicor.runbook.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Passes bytes through and computes the ETag an S3 server gives them when they are uploaded in parts of
 * {@code partSize}: the MD5 of the concatenated part MD5s, then "-" and the part count (a single-part upload
 * gets the plain MD5). The server computes its ETag from the bytes it received, so a match confirms the
 * stored object without reading it back — what rclone and the AWS CLI rely on. Servers that encrypt with
 * KMS or compute ETags differently answer something else; {@link #confirms} then says it cannot tell.
 */
public final class MultipartEtag extends FilterOutputStream {

    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}(-[0-9]+)?");

    private final long partSize;
    private final MessageDigest part = md5();
    private final MessageDigest parts = md5();
    private long inPart;
    private int count;
    private byte[] lastPartMd5;
    private Set<String> expected;

    public MultipartEtag(OutputStream out, long partSize) {
        super(out);
        if (partSize <= 0) throw new IllegalArgumentException("part size must be positive");
        this.partSize = partSize;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        while (len > 0) {
            int n = (int) Math.min(len, partSize - inPart);
            part.update(b, off, n);
            inPart += n;
            off += n;
            len -= n;
            if (inPart == partSize) endPart();
        }
    }

    private void endPart() {
        lastPartMd5 = part.digest();
        parts.update(lastPartMd5);
        count++;
        inPart = 0;
    }

    /**
     * The ETags (without quotes) the server may give these bytes; call after the last byte. One part may be
     * stored as a plain upload (its MD5) or as a one-part multipart upload (MD5 of that MD5, "-1").
     */
    public Set<String> expected() {
        if (expected == null) {
            if (inPart > 0 || count == 0) endPart();
            HexFormat hex = HexFormat.of();
            expected = count > 1 ? Set.of(hex.formatHex(parts.digest()) + "-" + count)
                    : Set.of(hex.formatHex(lastPartMd5), hex.formatHex(parts.digest()) + "-1");
        }
        return expected;
    }

    /**
     * Whether the server's ETag confirms the bytes: true or false when it is an MD5-style ETag, empty when the
     * server's ETag is of another kind (the caller must then read the object back).
     */
    public static Optional<Boolean> confirms(Set<String> expected, String serverEtag) {
        if (serverEtag == null) return Optional.empty();
        String etag = serverEtag.replace("\"", "").toLowerCase(Locale.ROOT);
        if (!MD5_ETAG.matcher(etag).matches()) return Optional.empty();
        return Optional.of(expected.contains(etag));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
