package com.logicor.runbook.catalog;

import java.time.OffsetDateTime;

/** Filters of {@code GET /api/backups}; every field optional. Page numbers start at 0. */
public record ArtifactQuery(String component, ArtifactStatus status, OffsetDateTime from, OffsetDateTime to,
                            int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public ArtifactQuery {
        if (page < 0) throw new IllegalArgumentException("page must be 0 or more");
        if (size < 1 || size > MAX_PAGE_SIZE) throw new IllegalArgumentException("size must be 1.." + MAX_PAGE_SIZE);
        if (from != null && to != null && from.isAfter(to)) throw new IllegalArgumentException("from is after to");
    }
}
