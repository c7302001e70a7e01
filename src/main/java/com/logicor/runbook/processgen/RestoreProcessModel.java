package com.logicor.runbook.processgen;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.component.RestorePhase;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.camunda.bpm.model.bpmn.instance.Definitions;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;

/**
 * {@code restore-<id>}, the one restore skeleton filled with a component's phases: preflight → dry run? → approval
 * (when one is needed) → safety backup? → the phases in a sub-process whose failure ({@code RESTORE_FAILED}, thrown by
 * the guarded step) takes the finally path (bring back, then "restore failed") → restored. Every step is an async
 * continuation and calls {@code ${restoreStep…}}.
 */
public final class RestoreProcessModel {

    public static final String KEY_PREFIX = "restore-";
    static final String ERROR_CODE = "RESTORE_FAILED";
    static final String HISTORY_TTL = "P3650D";

    private RestoreProcessModel() {
    }

    public static String key(ComponentBlueprint b) {
        return KEY_PREFIX + b.id().id();
    }

    public static BpmnModelInstance of(ComponentBlueprint b) {
        RestoreBlueprint r = b.restore().orElseThrow(() -> new IllegalArgumentException(b.id() + " has no restore"));
        String id = b.id().id();
        var builder = Bpmn.createExecutableProcess(key(b)).name("Restore " + b.label())
                .camundaHistoryTimeToLiveString(HISTORY_TTL).documentation(r.documentation())
                .startEvent("start_restore_requested").name("Restore requested")
                .serviceTask("service_preflight").name("Preflight: verify the artifacts, check the target, plan")
                .camundaAsyncBefore().camundaExpression("${restoreStep.preflight(execution, '" + id + "')}")
                .camundaFailedJobRetryTimeCycle("R1/PT1M")
                .exclusiveGateway("gateway_dry_run").name("Dry run?")
                .sequenceFlowId("flow_dry_run").condition("yes", "${dryRun}")
                .endEvent("end_dry_run").name("Dry run: plan recorded, nothing touched")
                .moveToNode("gateway_dry_run").sequenceFlowId("flow_not_dry_run")
                .exclusiveGateway("gateway_approval_required").name("Approval required?")
                .sequenceFlowId("flow_to_approval").condition("yes", "${approvals.taskNeeded(execution)}");
        var afterApproval = ApprovalTask.shape(builder.userTask("task_approve_restore"), "Approve restore " + b.label(), "restore-approve")
                .sequenceFlowId("flow_to_approved_gateway")
                .exclusiveGateway("gateway_approved").name("Approved?")
                .sequenceFlowId("flow_rejected").endEvent("end_rejected").name("Rejected: nothing touched")
                .moveToNode("gateway_approved").sequenceFlowId("flow_approved").condition("approved", "${approvals.approved(execution)}")
                .exclusiveGateway("gateway_go")
                .moveToNode("gateway_approval_required").sequenceFlowId("flow_no_approval").connectTo("gateway_go")
                .moveToNode("gateway_go").sequenceFlowId("flow_to_destructive")
                .exclusiveGateway("gateway_safety_backup").name("Safety backup first?")
                .sequenceFlowId("flow_to_safety_backup").condition("yes", "${safetyBackup}")
                .callActivity("call_safety_backup").name("Safety backup of the current state").calledElement("scheduled-backup")
                .camundaAsyncBefore()
                .documentation("safetyBackup=true: the current state is backed up (a regular backup run, trigger restore-safety) "
                        + "before anything is touched. Its outcome is recorded (safetyBackupRunId, safetyBackupStatus); the restore "
                        + "goes on even if it failed, since what is being restored is usually what is broken.")
                .sequenceFlowId("flow_safety_backup_done")
                .exclusiveGateway("gateway_safety_done")
                .moveToNode("gateway_safety_backup").sequenceFlowId("flow_no_safety_backup").connectTo("gateway_safety_done")
                .moveToNode("gateway_safety_done").sequenceFlowId("flow_after_safety")
                .subProcess("subprocess_restore").name("Restore steps");
        AbstractFlowNodeBuilder<?, ?> inside = afterApproval.embeddedSubProcess().startEvent("start_destructive");
        String previous = "start_destructive";
        for (RestorePhase phase : r.phases()) {
            inside = phase(inside, id, phase, previous);
            previous = phase.onlyIf() == null ? "service_" + phase.id() : "gateway_" + phase.id() + "_done";
        }
        inside.sequenceFlowId("flow_to_end_destructive").endEvent("end_destructive");
        BpmnModelInstance model = afterApproval.moveToNode("subprocess_restore").sequenceFlowId("flow_to_restored")
                .endEvent("end_restored").name("Restored")
                .moveToActivity("subprocess_restore").boundaryEvent("boundary_step_failed").name("A step failed")
                .error(ERROR_CODE).done();
        // the finally path, after done(): the boundary's builder cannot continue to a task with our ids otherwise
        finallyPath(model, b, r);
        ModelPatches patches = new ModelPatches(model);
        patches.defaultFlow("gateway_dry_run", "flow_not_dry_run");
        patches.defaultFlow("gateway_approval_required", "flow_no_approval");
        patches.defaultFlow("gateway_approved", "flow_rejected");
        patches.defaultFlow("gateway_safety_backup", "flow_no_safety_backup");
        for (RestorePhase phase : r.phases()) {
            if (phase.onlyIf() != null) patches.defaultFlow("gateway_" + phase.id(), "flow_skip_" + phase.id());
        }
        ApprovalTask.gate(patches, "task_approve_restore");
        patches.executionListener(key(b), "end", "${releaseRestoreHolds}");
        patches.inExpression("call_safety_backup", id, "components");
        patches.inExpression("call_safety_backup", "restore-safety", "triggerKind");
        patches.out("call_safety_backup", "backupRunId", "safetyBackupRunId");
        patches.out("call_safety_backup", "backupRunStatus", "safetyBackupStatus");
        stableIds(model, key(b));
        return model;
    }

    private static AbstractFlowNodeBuilder<?, ?> phase(AbstractFlowNodeBuilder<?, ?> from, String component, RestorePhase phase, String previous) {
        String taskId = "service_" + phase.id();
        if (phase.onlyIf() != null) {
            String gateway = "gateway_" + phase.id();
            var task = from.sequenceFlowId("flow_to_" + gateway).exclusiveGateway(gateway).name(phase.name() + "?")
                    .sequenceFlowId("flow_to_" + phase.id()).condition("yes", "${restoreStep.flag(execution, '" + phase.onlyIf() + "')}")
                    .serviceTask(taskId);
            configure(task, component, phase);
            return task.sequenceFlowId("flow_" + phase.id() + "_done").exclusiveGateway(gateway + "_done")
                    .moveToNode(gateway).sequenceFlowId("flow_skip_" + phase.id()).connectTo(gateway + "_done");
        }
        ServiceTaskBuilder task = from.sequenceFlowId("flow_to_" + phase.id()).serviceTask(taskId);
        return configure(task, component, phase);
    }

    private static ServiceTaskBuilder configure(ServiceTaskBuilder task, String component, RestorePhase phase) {
        task.name(phase.name()).camundaAsyncBefore()
                .camundaExpression("${restoreStep.run(execution, '" + component + "', '" + phase.id() + "')}");
        if (phase.retryCycle() != null) task.camundaFailedJobRetryTimeCycle(phase.retryCycle());
        if (phase.forEach() != null) {
            task.multiInstance().sequential()
                    .camundaCollection("${restoreStep.elements(execution, '" + phase.forEach() + "')}")
                    .camundaElementVariable(phase.element()).multiInstanceDone();
        }
        return task;
    }

    /** boundary → "Finally: …" (when the restore stops something) → end_failed. */
    private static void finallyPath(BpmnModelInstance model, ComponentBlueprint b, RestoreBlueprint r) {
        var boundary = model.<org.camunda.bpm.model.bpmn.instance.BoundaryEvent>getModelElementById("boundary_step_failed").builder();
        if (r.bringBack().isPresent()) {
            boundary.sequenceFlowId("flow_to_bring_back").serviceTask("service_bring_back").name(r.bringBackName())
                    .camundaAsyncBefore().camundaExpression("${restoreStep.bringBack(execution, '" + b.id().id() + "')}")
                    .camundaFailedJobRetryTimeCycle("R5/PT30S")
                    .sequenceFlowId("flow_to_failed").endEvent("end_failed").name("Restore failed, services started again");
        } else {
            boundary.sequenceFlowId("flow_to_failed").endEvent("end_failed").name("Restore failed; nothing was stopped");
        }
    }

    /**
     * The builder gives generated elements random ids and names a nameless node after its id; the files must be the
     * same at every run and read well in Cockpit, so ids are derived from what the element belongs to.
     */
    static void stableIds(BpmnModelInstance model, String key) {
        String name = key.replace('-', '_');
        Definitions definitions = model.getDefinitions();
        definitions.setId("definitions_" + name);
        definitions.setTargetNamespace("https://logicor.example/runbook");
        for (Error error : model.getModelElementsByType(Error.class)) {
            error.setId("error_" + error.getErrorCode().toLowerCase());
            error.setName("Restore step failed");
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (RANDOM.matcher(flow.getId()).find()) flow.setId("flow_" + flow.getSource().getId() + "_to_" + flow.getTarget().getId());
            if (flow.getConditionExpression() != null) flow.getConditionExpression().setId(flow.getId() + "_condition");
        }
        for (ErrorEventDefinition d : model.getModelElementsByType(ErrorEventDefinition.class)) {
            d.setId(((BaseElement) d.getParentElement()).getId() + "_error");
        }
        for (Documentation d : model.getModelElementsByType(Documentation.class)) {
            d.setId(((BaseElement) d.getParentElement()).getId() + "_documentation");
        }
        for (MultiInstanceLoopCharacteristics loop : model.getModelElementsByType(MultiInstanceLoopCharacteristics.class)) {
            loop.setId(((BaseElement) loop.getParentElement()).getId() + "_loop");
        }
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (node.getId().equals(node.getName())) node.removeAttribute("name");
        }
        for (BpmnPlane plane : model.getModelElementsByType(BpmnPlane.class)) plane.setId("plane_" + name);
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) shape.setId(shape.getBpmnElement().getId() + "_di");
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) edge.setId(edge.getBpmnElement().getId() + "_di");
        for (BpmnDiagram diagram : model.getModelElementsByType(BpmnDiagram.class)) diagram.setId("diagram_" + name);
    }

    private static final java.util.regex.Pattern RANDOM = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-");
}
