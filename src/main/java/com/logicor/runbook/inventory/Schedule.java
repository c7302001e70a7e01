package com.logicor.runbook.inventory;

import jakarta.validation.constraints.NotBlank;

/**
 * A backup cadence: six-field cron (second minute hour day month weekday) as Camunda timers read it.
 * {@code enabled: false} pauses it without a redeploy.
 */
public record Schedule(@NotBlank String name, @NotBlank String cron, Boolean enabled) {
    public Schedule {
        enabled = enabled == null || enabled;
    }
}
