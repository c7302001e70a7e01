package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.StatObjectResponse;
import okhttp3.Headers;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

/** The tar entry of one object: name, size, time and the metadata a restore through S3 needs. */
class MinioOnlineBackupTest {

    static StatObjectResponse stat(String key, long size) {
        return new StatObjectResponse(Headers.of(
                "Content-Length", String.valueOf(size),
                "ETag", "\"6e6d8c24f62786a181039f884d3902a2\"",
                "Content-Type", "application/json",
                "Last-Modified", "Sat, 21 Nov 2026 09:25:00 GMT",
                "x-amz-meta-incident", "00001"), "logiq", "us-east-1", key);
    }

    @Test
    void entryCarriesSizeTimeAndMetadata() {
        TarArchiveEntry e = MinioOnlineBackup.entryFor("logiq", "earth/attachments/incident-00001.json",
                stat("earth/attachments/incident-00001.json", 129));
        assertThat(e.getName()).isEqualTo("logiq/earth/attachments/incident-00001.json");
        assertThat(e.isFile()).isTrue();
        assertThat(e.getSize()).isEqualTo(129);
        assertThat(e.getModTime().toInstant()).hasToString("2026-11-21T09:25:00Z");
        assertThat(e.getExtraPaxHeaders())
                .containsEntry("SCHILY.xattr.user.s3.content-type", "application/json")
                .containsEntry("SCHILY.xattr.user.s3.etag", "6e6d8c24f62786a181039f884d3902a2")
                .containsEntry("SCHILY.xattr.user.s3.meta.incident", "00001");
    }

    @Test
    void keysAreKeptAsTheyAre() {
        // a leading slash or a double slash is part of an S3 key: the name is not normalised
        assertThat(MinioOnlineBackup.entryFor("b", "/x//y", stat("/x//y", 1)).getName()).isEqualTo("b//x//y");
        TarArchiveEntry folder = MinioOnlineBackup.entryFor("b", "folder/", stat("folder/", 0));
        assertThat(folder.isDirectory()).isTrue();
        assertThat(folder.getSize()).isZero();
    }
}
