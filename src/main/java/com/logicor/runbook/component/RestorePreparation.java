package com.logicor.runbook.component;

import java.util.List;

/** What a preflight found: the evidence the approver reads (artifacts, checksums, target) and the plan's commands. */
public record RestorePreparation(String evidence, List<String> plan) {

    public RestorePreparation {
        plan = List.copyOf(plan);
    }
}
