package com.logicor.runbook.backup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Settings the BPMN reads by expression ({@code ${backupSettings.retryCycle}}): the retry cycle of a
 * component backup, {@code R3/PT1M} by default — three attempts a minute apart, then an incident.
 * The cycle must repeat at least twice (R2) for the last attempt to be recognised.
 */
@Component("backupSettings")
public class BackupSettings {

    private final String retryCycle;

    public BackupSettings(@Value("${runbook.backup.retry-cycle:R3/PT1M}") String retryCycle) {
        if (!retryCycle.matches("R([2-9]|[1-9][0-9]+)/P.+")) {
            throw new IllegalArgumentException("runbook.backup.retry-cycle must look like R3/PT1M (at least R2): " + retryCycle);
        }
        this.retryCycle = retryCycle;
    }

    public String getRetryCycle() {
        return retryCycle;
    }
}
