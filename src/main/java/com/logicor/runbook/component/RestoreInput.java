package com.logicor.runbook.component;

import com.logicor.runbook.variables.ProcessVariable;

/**
 * A value of a component's restore beyond the common ones, frozen by an approval as
 * {@code restore.<component>.<approvedAs>}: either an input a caller may give at the start (and the recovery's
 * assessment may ask for), or a value the preflight resolves (e.g. the data backups it chose).
 *
 * @param name        the variable in the restore process
 * @param kind        how it is stored
 * @param label       the assessment form's label, or null when the recovery does not ask for it
 * @param approvedAs  its name in the approval
 * @param startInput  whether a caller may give it at the start (false: only the preflight sets it)
 */
public record RestoreInput(String name, Kind kind, String label, String approvedAs, boolean startInput) {

    public enum Kind { FLAG, TEXT, LIST }

    public static RestoreInput flag(String name, String label) {
        return new RestoreInput(name, Kind.FLAG, label, name, true);
    }

    public static RestoreInput list(String name, String label) {
        return new RestoreInput(name, Kind.LIST, label, name, true);
    }

    public static RestoreInput text(String name, String label) {
        return new RestoreInput(name, Kind.TEXT, label, name, true);
    }

    /** A list the preflight resolves; frozen by the approval, never given by a caller. */
    public static RestoreInput resolvedList(String name) {
        return new RestoreInput(name, Kind.LIST, null, name, false);
    }

    /** Frozen in an approval under another name. */
    public RestoreInput approvedAs(String approvalName) {
        return new RestoreInput(name, kind, label, approvalName, startInput);
    }

    /** Asked for in the recovery's assessment (it has a label). */
    public boolean askedInRecovery() {
        return label != null && startInput;
    }

    /** Its typed process variable. */
    public ProcessVariable<?> variable() {
        return switch (kind) {
            case FLAG -> ProcessVariable.flag(name);
            case TEXT -> ProcessVariable.text(name);
            case LIST -> ProcessVariable.list(name);
        };
    }

    public ProcessVariable<Boolean> asFlag() {
        require(Kind.FLAG);
        return ProcessVariable.flag(name);
    }

    public ProcessVariable<String> asText() {
        require(Kind.TEXT);
        return ProcessVariable.text(name);
    }

    public ProcessVariable<java.util.List<String>> asList() {
        require(Kind.LIST);
        return ProcessVariable.list(name);
    }

    private void require(Kind expected) {
        if (kind != expected) throw new IllegalStateException("restore input " + name + " is a " + kind + ", not a " + expected);
    }
}
