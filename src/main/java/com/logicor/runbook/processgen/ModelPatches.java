package com.logicor.runbook.processgen;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;

/**
 * What the fluent builder has no method for, done on the built model: default flows, variable mappings by
 * expression, listeners by delegate expression. Every generated process uses these, so the same attribute is written
 * the same way everywhere.
 */
final class ModelPatches {

    private final BpmnModelInstance model;

    ModelPatches(BpmnModelInstance model) {
        this.model = model;
    }

    void defaultFlow(String gatewayId, String flowId) {
        ExclusiveGateway gateway = model.getModelElementById(gatewayId);
        gateway.setDefault(model.<SequenceFlow>getModelElementById(flowId));
    }

    /** {@code <camunda:in sourceExpression="…" target="…"/>} on a call activity. */
    void inExpression(String callId, String expression, String target) {
        CamundaIn in = model.newInstance(CamundaIn.class);
        in.setCamundaSourceExpression(expression);
        in.setCamundaTarget(target);
        extensions(callId).addChildElement(in);
    }

    /** {@code <camunda:in source="…" target="…"/>}: a variable of the caller passed in under another name. */
    void in(String callId, String source, String target) {
        CamundaIn in = model.newInstance(CamundaIn.class);
        in.setCamundaSource(source);
        in.setCamundaTarget(target);
        extensions(callId).addChildElement(in);
    }

    /** {@code <camunda:out source="…" target="…"/>}: a variable of the called process kept under another name. */
    void out(String callId, String source, String target) {
        CamundaOut out = model.newInstance(CamundaOut.class);
        out.setCamundaSource(source);
        out.setCamundaTarget(target);
        extensions(callId).addChildElement(out);
    }

    /** A task listener by delegate expression, for each event. */
    void taskListener(String taskId, String delegateExpression, String... events) {
        for (String event : events) {
            CamundaTaskListener listener = model.newInstance(CamundaTaskListener.class);
            listener.setCamundaEvent(event);
            listener.setCamundaDelegateExpression(delegateExpression);
            extensions(taskId).addChildElement(listener);
        }
    }

    void executionListener(String elementId, String event, String delegateExpression) {
        CamundaExecutionListener listener = model.newInstance(CamundaExecutionListener.class);
        listener.setCamundaEvent(event);
        listener.setCamundaDelegateExpression(delegateExpression);
        extensions(elementId).addChildElement(listener);
    }

    private ExtensionElements extensions(String elementId) {
        BaseElement element = model.getModelElementById(elementId);
        if (element.getExtensionElements() == null) element.setExtensionElements(model.newInstance(ExtensionElements.class));
        return element.getExtensionElements();
    }
}
