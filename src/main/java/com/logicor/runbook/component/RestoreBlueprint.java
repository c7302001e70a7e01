package com.logicor.runbook.component;

import java.util.List;
import java.util.Optional;

/**
 * One component's restore: a preflight (choose and re-verify the artifacts, check the target, plan — the same in a
 * dry run), then its phases in order inside the guarded sub-process, and the "finally" step that starts again what
 * the phases stopped (none where nothing is stopped).
 *
 * @param documentation    what the restore does and how it departs from the regulation, shown in Cockpit
 * @param affectedHint     what marking the component affected in a recovery means, for the assessment form
 * @param phases           the destructive phases, in order
 * @param bringBackName    the name of the finally step, or null when the restore stops nothing
 * @param inputs           the inputs beyond the common ones (backupRunId, dryRun, safetyBackup)
 */
public record RestoreBlueprint(String documentation, String affectedHint, List<RestorePhase> phases, String bringBackName,
                               List<RestoreInput> inputs) {

    public RestoreBlueprint {
        phases = List.copyOf(phases);
        inputs = List.copyOf(inputs);
        if (phases.isEmpty()) throw new IllegalArgumentException("a restore has at least one phase");
    }

    public Optional<String> bringBack() {
        return Optional.ofNullable(bringBackName);
    }

    public Optional<RestorePhase> phase(String id) {
        return phases.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
