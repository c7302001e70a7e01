package com.logicor.runbook.streams;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How artifacts are compressed on their way to storage, and read back: a stored artifact's compression is told by
 * its file extension (the store names them so). zstd (level 3, {@code runbook.backup.zstd-level}) is the default: on two cores it
 * compresses about seven times faster than gzip -6 at the same ratio; gzip stays selectable for sites
 * whose restore tooling expects .gz. {@code none} is for data that is already compressed.
 */
public enum Compression {
    ZSTD("zstd", ".zst"),
    GZIP("gzip", ".gz"),
    NONE("none", "");

    private final String code;
    private final String extension;

    Compression(String code, String extension) {
        this.code = code;
        this.extension = extension;
    }

    public String code() {
        return code;
    }

    public String extension() {
        return extension;
    }

    /** zstd's own default; 1 costs about half the CPU, higher levels buy a few percent for much more. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    public OutputStream wrap(OutputStream out) throws IOException {
        return wrap(out, DEFAULT_ZSTD_LEVEL);
    }

    /** Compresses into {@code out}; {@code zstdLevel} applies to zstd only. */
    public OutputStream wrap(OutputStream out, int zstdLevel) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdOutputStream(out, zstdLevel);
            case GZIP -> new GZIPOutputStream(out, 64 * 1024);
            case NONE -> new NonClosingFlush(out);
        };
    }

    /** The compression of a stored artifact, by the extension of its location ({@code none} without one). */
    public static Compression ofLocation(String location) {
        if (location.endsWith(ZSTD.extension)) return ZSTD;
        if (location.endsWith(GZIP.extension)) return GZIP;
        return NONE;
    }

    /** The file name without this compression's extension. */
    public String strip(String name) {
        return name.substring(0, name.length() - extension.length());
    }

    /** Decompresses {@code in}. */
    public InputStream unwrap(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case NONE -> in;
        };
    }

    public static Compression of(String code) {
        for (Compression c : values()) {
            if (c.code.equalsIgnoreCase(code)) return c;
        }
        throw new IllegalArgumentException("unknown compression '" + code + "'; use zstd, gzip or none");
    }

    /** Passes writes through; close() closes the target so the shape matches the compressing streams. */
    private static final class NonClosingFlush extends java.io.FilterOutputStream {
        NonClosingFlush(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }
}
