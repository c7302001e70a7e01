package com.logicor.runbook.inventory;

/**
 * The inventory's six-field cron (second minute hour day month weekday, as Spring reads it) in the form the
 * engine's timers read (Quartz): one of day-of-month and day-of-week must be '?'.
 */
public final class QuartzCron {

    private QuartzCron() {
    }

    public static String of(String cron) {
        String[] f = cron.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("expected six fields (second minute hour day month weekday): " + cron);
        }
        if (f[5].matches(".*\\d.*")) {
            throw new IllegalArgumentException("write weekdays as MON..SUN, not numbers (Spring and Quartz count them differently): " + cron);
        }
        if (!"?".equals(f[3]) && !"?".equals(f[5])) {
            if ("*".equals(f[5])) {
                f[5] = "?";
            } else if ("*".equals(f[3])) {
                f[3] = "?";
            } else {
                throw new IllegalArgumentException("restrict either the day of month or the weekday, not both: " + cron);
            }
        }
        return String.join(" ", f);
    }
}
