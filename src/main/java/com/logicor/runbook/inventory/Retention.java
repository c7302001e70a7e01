package com.logicor.runbook.inventory;

import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * How many backups to keep, locally and in object storage, and/or for how long (seed 004 keeps 10 local
 * copies and a month remote). A null field means "no limit of that kind".
 */
public record Retention(
        @Min(1) Integer keepLocal, @Min(1) Integer keepRemote, Duration keepLocalAge, Duration keepRemoteAge) {}
