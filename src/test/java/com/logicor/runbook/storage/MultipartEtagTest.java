package com.logicor.runbook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartEtagTest {

    static final int PART = 1000;

    @Test
    void severalPartsGiveTheMd5OfThePartMd5sAndTheCount() throws Exception {
        byte[] data = random(3 * PART + 123);
        MultipartEtag etag = written(data, 7); // odd write sizes cross part boundaries inside one write
        MessageDigest all = MessageDigest.getInstance("MD5");
        for (int off = 0; off < data.length; off += PART) {
            all.update(md5(Arrays.copyOfRange(data, off, Math.min(data.length, off + PART))));
        }
        String expected = HexFormat.of().formatHex(all.digest()) + "-4";
        assertThat(etag.expected()).containsExactly(expected);
        assertThat(MultipartEtag.confirms(etag.expected(), "\"" + expected.toUpperCase() + "\"")).contains(true);
    }

    @Test
    void exactlyFullPartsMakeNoEmptyLastPart() throws Exception {
        MultipartEtag etag = written(random(2 * PART), PART);
        assertThat(etag.expected()).singleElement().asString().endsWith("-2");
    }

    @Test
    void onePartIsThePlainMd5OrAOnePartUpload() throws Exception {
        byte[] data = random(PART / 2);
        MultipartEtag etag = written(data, 4096);
        String plain = HexFormat.of().formatHex(md5(data));
        String onePart = HexFormat.of().formatHex(md5(md5(data))) + "-1";
        assertThat(etag.expected()).containsExactlyInAnyOrder(plain, onePart);
    }

    @Test
    void emptyIsTheMd5OfNothing() throws Exception {
        assertThat(written(new byte[0], 1).expected()).contains("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void bytesPassThroughUnchanged() throws Exception {
        byte[] data = random(2500);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MultipartEtag etag = new MultipartEtag(out, PART)) {
            etag.write(data, 0, 10);
            etag.write(data[10]);
            etag.write(data, 11, data.length - 11);
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void aDifferentEtagIsAMismatchAndAForeignOneIsUnknown() throws Exception {
        MultipartEtag etag = written(random(3 * PART), PART);
        assertThat(MultipartEtag.confirms(etag.expected(), "0123456789abcdef0123456789abcdef-3")).contains(false);
        assertThat(MultipartEtag.confirms(etag.expected(), "\"not-an-md5\"")).isEqualTo(Optional.empty());
        assertThat(MultipartEtag.confirms(etag.expected(), null)).isEmpty();
    }

    private static MultipartEtag written(byte[] data, int writeSize) throws IOException {
        MultipartEtag etag = new MultipartEtag(java.io.OutputStream.nullOutputStream(), PART);
        for (int off = 0; off < data.length; off += writeSize) {
            etag.write(data, off, Math.min(writeSize, data.length - off));
        }
        return etag;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] md5(byte[] b) throws Exception {
        return MessageDigest.getInstance("MD5").digest(b);
    }
}
