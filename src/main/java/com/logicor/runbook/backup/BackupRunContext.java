package com.logicor.runbook.backup;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What every artifact of one run shares: the catalog run, the time stamp that names its folder
 * ({@code yyyyMMdd-HHmmss}, UTC), the process instance and the compression.
 */
public record BackupRunContext(String runId, String stamp, String processInstanceId, Compression compression) {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public static String stampOf(OffsetDateTime time) {
        return STAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
