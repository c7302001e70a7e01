package com.logicor.runbook.processgen;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.RestoreInput;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;

/**
 * {@code full-cluster-recovery}, the regulation's recovery checklist, with its two chains written from the registry in
 * the regulation's order: assess → preflight every affected component (its restore as a dry run) → dry run? (the
 * redeploy in check mode) → approval → restore every component the approval covers → redeploy → verify → confirm →
 * document. A component's place in both chains comes from its blueprint: nothing here names one.
 */
public final class RecoveryProcessModel {

    public static final String KEY = "full-cluster-recovery";

    private RecoveryProcessModel() {
    }

    public static BpmnModelInstance of(List<ComponentBlueprint> restorable) {
        AbstractFlowNodeBuilder<?, ?> b = Bpmn.createExecutableProcess(KEY).name("Incident recovery")
                .camundaHistoryTimeToLiveString(RestoreProcessModel.HISTORY_TTL).camundaStartableInTasklist(true)
                .documentation("The regulation's recovery checklist: assess, preflight every affected component (artifacts read "
                        + "back and checked, targets found, plans made — nothing touched), approval by a second person (four eyes, "
                        + "enforced by the approval gate), the restores in the regulation's order, the redeploy, the checks, the "
                        + "operator's confirmation and the incident record. Generated from the component registry "
                        + "(processgen/RecoveryProcessModel): restores " + String.join(", ", restorable.stream().map(ComponentBlueprint::label).toList()) + ".")
                .startEvent("start_incident").name("Incident reported").camundaFormRef("recovery-start").camundaFormRefBinding("latest")
                .sequenceFlowId("flow_to_assess")
                .userTask("task_assess").name("Assess incident").camundaCandidateGroups("recovery-operators")
                .camundaFormRef("recovery-assess").camundaFormRefBinding("latest");
        for (ComponentBlueprint c : restorable) {
            b = preflight(b, c, "flow_to_" + "preflight_" + c.id().id());
        }
        b = b.sequenceFlowId("flow_to_dry_run").exclusiveGateway("gateway_dry_run").name("Dry run?")
                .sequenceFlowId("flow_dry_run").condition("yes", "${dryRun}")
                .callActivity("call_ansible_check").name("Redeploy in check mode (ansible-playbook --check)")
                .calledElement("ansible-redeploy").camundaAsyncBefore()
                .sequenceFlowId("flow_to_end_dry_run").endEvent("end_dry_run").name("Dry run: plans recorded, nothing touched")
                .moveToNode("gateway_dry_run").sequenceFlowId("flow_to_approve");
        b = ApprovalTask.shape(b.userTask("task_approve"), "Approve recovery", "recovery-approve")
                .sequenceFlowId("flow_to_approved_gateway")
                .exclusiveGateway("gateway_approved").name("Approved?")
                .sequenceFlowId("flow_rejected").endEvent("end_rejected").name("Recovery rejected: nothing touched")
                .moveToNode("gateway_approved");
        String flowIn = "flow_approved";
        for (ComponentBlueprint c : restorable) {
            b = restore(b, c, flowIn);
            flowIn = "flow_after_restore_" + c.id().id();
        }
        BpmnModelInstance model = b.sequenceFlowId(flowIn)
                .callActivity("call_ansible_redeploy").name("Redeploy stateless services (Ansible)")
                .calledElement("ansible-redeploy").camundaAsyncBefore()
                .sequenceFlowId("flow_to_verify")
                .serviceTask("service_verify").name("Verify every component").camundaAsyncBefore()
                .camundaDelegateExpression("${recoveryVerification}").camundaFailedJobRetryTimeCycle("R3/PT20S")
                .sequenceFlowId("flow_to_confirm")
                .userTask("task_confirm").name("Confirm platform works").camundaCandidateGroups("recovery-operators")
                .camundaFormRef("recovery-confirm").camundaFormRefBinding("latest")
                .sequenceFlowId("flow_to_document")
                .userTask("task_document").name("Document incident").camundaCandidateGroups("recovery-operators")
                .camundaFormRef("recovery-document").camundaFormRefBinding("latest")
                .sequenceFlowId("flow_to_end").endEvent("end_recovered").name("Platform recovered, incident documented")
                .done();
        ModelPatches patches = new ModelPatches(model);
        patches.taskListener("task_assess", "${recoveryAssessment}", "create", "complete");
        ApprovalTask.gate(patches, "task_approve");
        patches.taskListener("task_document", "${incidentRecordDraft}", "create", "complete");
        patches.defaultFlow("gateway_dry_run", "flow_to_approve");
        patches.defaultFlow("gateway_approved", "flow_rejected");
        patches.inExpression("call_ansible_check", "${true}", "dryRun");
        patches.inExpression("call_ansible_redeploy", "${false}", "dryRun");
        for (String call : List.of("call_ansible_check", "call_ansible_redeploy")) {
            for (String v : List.of("ansiblePlan", "ansiblePlaybook", "ansibleExitStatus", "ansibleLog", "ansibleOutputTail")) {
                patches.out(call, v, v);
            }
        }
        for (ComponentBlueprint c : restorable) mappings(patches, c);
        RestoreProcessModel.stableIds(model, KEY);
        return model;
    }

    private static AbstractFlowNodeBuilder<?, ?> preflight(AbstractFlowNodeBuilder<?, ?> b, ComponentBlueprint c, String flowIn) {
        String id = c.id().id();
        String gateway = "gateway_preflight_" + id;
        return b.sequenceFlowId(flowIn).exclusiveGateway(gateway).name(c.label() + " affected?")
                .sequenceFlowId("flow_preflight_" + id).condition("yes", "${execution.getVariable('affected_" + id + "') == true}")
                .callActivity("call_preflight_" + id).name("Preflight " + c.label() + " (dry run)")
                .calledElement(RestoreProcessModel.key(c)).camundaAsyncBefore()
                .sequenceFlowId("flow_preflight_" + id + "_done").exclusiveGateway(gateway + "_done")
                .moveToNode(gateway).sequenceFlowId("flow_skip_preflight_" + id).connectTo(gateway + "_done");
    }

    private static AbstractFlowNodeBuilder<?, ?> restore(AbstractFlowNodeBuilder<?, ?> b, ComponentBlueprint c, String flowIn) {
        String id = c.id().id();
        String gateway = "gateway_restore_" + id;
        var next = b.sequenceFlowId(flowIn);
        if (flowIn.equals("flow_approved")) next = next.condition("approved", "${approvals.approved(execution)}");
        return next.exclusiveGateway(gateway).name(c.label() + " affected?")
                .sequenceFlowId("flow_restore_" + id).condition("yes", "${approvals.covers(execution, '" + id + "')}")
                .callActivity("call_restore_" + id).name("Restore " + c.label())
                .calledElement(RestoreProcessModel.key(c)).camundaAsyncBefore()
                .sequenceFlowId("flow_restore_" + id + "_done").exclusiveGateway(gateway + "_done")
                .moveToNode(gateway).sequenceFlowId("flow_skip_restore_" + id).connectTo(gateway + "_done")
                .moveToNode(gateway + "_done");
    }

    /** The chains' variable mappings: per component {@code <name>_<id>} in the recovery, {@code <name>} in its restore. */
    private static void mappings(ModelPatches patches, ComponentBlueprint c) {
        String id = c.id().id();
        List<RestoreInput> inputs = c.restore().orElseThrow().inputs();
        String preflight = "call_preflight_" + id;
        patches.in(preflight, "backupRun_" + id, "backupRunId");
        patches.inExpression(preflight, "${true}", "dryRun");
        for (RestoreInput in : inputs) if (in.askedInRecovery()) patches.in(preflight, in.name() + "_" + id, in.name());
        patches.out(preflight, "restorePlan", "plan_" + id);
        patches.out(preflight, "restoreEvidence", "evidence_" + id);
        patches.out(preflight, "backupRunId", "chosenRun_" + id);
        for (RestoreInput in : inputs) patches.out(preflight, in.name(), in.name() + "_" + id);

        String restore = "call_restore_" + id;
        String prefix = "restore." + id + ".";
        patches.inExpression(restore, "${approvals.parameter(execution, '" + prefix + "backupRunId')}", "backupRunId");
        patches.inExpression(restore, "${false}", "dryRun");
        patches.inExpression(restore, "${false}", "approvalRequired");
        patches.inExpression(restore, "${approvals.flag(execution, 'safetyBackup')}", "safetyBackup");
        for (RestoreInput in : inputs) {
            if (!in.startInput()) continue;
            String read = in.kind() == RestoreInput.Kind.FLAG ? "flag" : "parameter";
            patches.inExpression(restore, "${approvals." + read + "(execution, '" + prefix + in.approvedAs() + "')}", in.name());
        }
        patches.out(restore, "failure", "failure_" + id);
    }
}
