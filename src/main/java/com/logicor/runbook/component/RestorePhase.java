package com.logicor.runbook.component;

import java.util.regex.Pattern;

/**
 * One destructive phase of a restore, a step of its own (an async continuation: a crash resumes here).
 *
 * @param id          snake_case, becomes the BPMN element {@code service_<id>}
 * @param name        what the operator reads in Cockpit
 * @param onlyIf      a flag input; the phase runs only when it is true (null: always)
 * @param forEach     a list input; the phase runs once per element, in order, each its own job (null: once)
 * @param element     the variable holding the current element when {@code forEach} is set
 * @param retryCycle  retries before a failure takes the finally path, e.g. {@code R2/PT30S} (null: at once)
 */
public record RestorePhase(String id, String name, String onlyIf, String forEach, String element, String retryCycle) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");

    public RestorePhase {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("phase id must be snake_case: " + id);
        if ((forEach == null) != (element == null)) throw new IllegalArgumentException("forEach needs an element variable: " + id);
    }

    public static RestorePhase of(String id, String name) {
        return new RestorePhase(id, name, null, null, null, null);
    }

    public RestorePhase onlyIf(String flagInput) {
        return new RestorePhase(id, name, flagInput, forEach, element, retryCycle);
    }

    /** Once per element of the list input, the element in the variable {@code elementVariable}. */
    public RestorePhase forEach(String listInput, String elementVariable) {
        return new RestorePhase(id, name, onlyIf, listInput, elementVariable, retryCycle);
    }

    public RestorePhase retrying(String cycle) {
        return new RestorePhase(id, name, onlyIf, forEach, element, cycle);
    }
}
