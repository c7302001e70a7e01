package com.logicor.runbook.catalog;

import java.time.OffsetDateTime;
import java.util.List;

/** One backup run over one or more components; {@code status} is running, succeeded, partial or failed. */
public record BackupRun(
        String id,
        String triggerKind,
        String requestedBy,
        List<String> components,
        String status,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        String processInstanceId,
        String message,
        String manifestLocation) {
}
