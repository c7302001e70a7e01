package com.logicor.runbook.recovery;

import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;

/**
 * Names shared by bpmn/full-cluster-recovery.bpmn (generated, {@code processgen/RecoveryProcessModel}), its forms and
 * its listeners. Per-component variables are {@code <name>_<component>}; which components exist is the registry's.
 */
public final class FullClusterRecoveryProcess {

    public static final String KEY = "full-cluster-recovery";

    public static final ProcessVariable<String> ASSESSED_BY = ProcessVariable.text("assessedBy");
    public static final ProcessVariable<Boolean> DRY_RUN = ProcessVariable.flag("dryRun");
    public static final ProcessVariable<Boolean> SAFETY_BACKUP = ProcessVariable.flag("safetyBackup");
    public static final ProcessVariable<List<String>> AFFECTED_COMPONENTS = ProcessVariable.list("affectedComponents");
    public static final ProcessVariable<String> VERIFICATION = ProcessVariable.text("verification");
    /** From the start form. */
    public static final ProcessVariable<String> INCIDENT_TITLE = ProcessVariable.text("incidentTitle");
    public static final ProcessVariable<String> SEVERITY = ProcessVariable.text("severity");
    /** Shown by the document form (the draft) and its notes field. */
    public static final ProcessVariable<String> INCIDENT_SUMMARY = ProcessVariable.text("incidentSummary");
    public static final ProcessVariable<String> INCIDENT_NOTES = ProcessVariable.text("incidentNotes");

    private FullClusterRecoveryProcess() {
    }

    /** The assessment's mark: the component is affected and is restored. */
    public static ProcessVariable<Boolean> affected(String component) {
        return ProcessVariable.flag(perComponent("affected", component));
    }

    /** The assessment's choice of backup run (empty: the newest verified one). */
    public static ProcessVariable<String> backupRun(String component) {
        return ProcessVariable.text(perComponent("backupRun", component));
    }

    /** For the assessment form: the newest verified backup, its age and checksums. */
    public static ProcessVariable<String> latest(String component) {
        return ProcessVariable.text(perComponent("latest", component));
    }

    /** What the preflight found (evidence), planned (plan), chose (chosenRun), and why the restore failed (failure). */
    public static ProcessVariable<String> fromRestore(String name, String component) {
        return ProcessVariable.text(perComponent(name, component));
    }

    /** The recovery keeps a restore's variable {@code name} of {@code component} as {@code name_component}. */
    public static String perComponent(String name, String component) {
        return name + "_" + component;
    }
}
