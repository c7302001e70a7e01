package com.logicor.runbook.backup;

import com.logicor.runbook.streams.Compression;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * What every artifact of one run shares: the catalog run, the time stamp that names its folder
 * ({@code yyyyMMdd-HHmmss}, UTC), the process instance and the compression.
 */
public record BackupRunContext(String runId, String stamp, String processInstanceId, Compression compression) {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** {@code yyyyMMdd-HHmmss}, optionally a suffix of letters and digits (tests make their folders unique so). */
    private static final Pattern STAMP_PATTERN = Pattern.compile("[0-9]{8}-[0-9]{6}(-[A-Za-z0-9]{1,16})?");

    public BackupRunContext {
        requireStamp(stamp);
    }

    /**
     * A stamp names a folder under the local root and an S3 prefix; one read from a process variable is only
     * used when it has the stamp's form ({@code ../../x} must never become a path).
     */
    public static String requireStamp(String stamp) {
        if (stamp == null || !STAMP_PATTERN.matcher(stamp).matches()) {
            throw new IllegalArgumentException("not a backup run stamp: '" + stamp + "' (expected " + STAMP_PATTERN + ")");
        }
        return stamp;
    }

    public static String stampOf(OffsetDateTime time) {
        return STAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
