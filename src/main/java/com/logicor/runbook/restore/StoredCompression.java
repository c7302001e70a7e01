package com.logicor.runbook.restore;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** How a stored artifact is compressed, told by its file extension (the store names them so). */
enum StoredCompression {
    ZSTD(".zst"), GZIP(".gz"), NONE("");

    private final String extension;

    StoredCompression(String extension) {
        this.extension = extension;
    }

    static StoredCompression of(String location) {
        if (location.endsWith(ZSTD.extension)) return ZSTD;
        if (location.endsWith(GZIP.extension)) return GZIP;
        return NONE;
    }

    String strip(String name) {
        return name.substring(0, name.length() - extension.length());
    }

    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case NONE -> in;
        };
    }
}
