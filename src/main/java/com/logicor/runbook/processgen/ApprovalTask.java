package com.logicor.runbook.processgen;

import org.camunda.bpm.model.bpmn.builder.UserTaskBuilder;

/**
 * The one shape of an approval task in a generated process: candidate group recovery-approvers, its form, and the
 * approval gate on create, assignment and complete — attached by construction, so no approval can miss it.
 */
final class ApprovalTask {

    static final String APPROVERS = "recovery-approvers";
    static final String GATE = "${approvalGate}";

    private ApprovalTask() {
    }

    static UserTaskBuilder shape(UserTaskBuilder task, String name, String formKey) {
        return task.name(name).camundaCandidateGroups(APPROVERS).camundaFormRef(formKey).camundaFormRefBinding("latest");
    }

    static void gate(ModelPatches patches, String taskId) {
        patches.taskListener(taskId, GATE, "create", "assignment", "complete");
    }
}
