package com.logicor.runbook.component;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.variables.ProcessVariable;
import com.logicor.runbook.variables.StoppedServices;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What a restore phase works with: the component's inventory entry, the whole inventory (a restore may stop a
 * neighbour, etcd stops Patroni), the process state through typed variables, and what this restore stopped.
 */
public record RestoreContext(DelegateExecution execution, ComponentSpec spec, Inventory inventory) {

    public <T> T get(ProcessVariable<T> variable) {
        return variable.get(execution);
    }

    public <T> T getOrDefault(ProcessVariable<T> variable, T fallback) {
        return variable.getOrDefault(execution, fallback);
    }

    public <T> void set(ProcessVariable<T> variable, T value) {
        variable.set(execution, value);
    }

    public boolean isTrue(ProcessVariable<Boolean> flag) {
        return Boolean.TRUE.equals(flag.getOrDefault(execution, false));
    }

    /** What this restore stopped of {@code group} (e.g. the component's own id, or "patroni"). */
    public StoppedServices stopped(String group) {
        return new StoppedServices(execution, group);
    }

    /** The restore's case: the process instance; artifacts are held and scratch folders named by it. */
    public String caseId() {
        return execution.getProcessInstanceId();
    }
}
