package com.logicor.runbook.variables;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * What a restore stopped, per group of services ({@code stopped_<group>}: containers, nodes), so its later steps and
 * its "finally" path start exactly those again. One shape for every restore: a list that only grows — a step run
 * again after a crash finds the services stopped already and must not forget the earlier stop.
 */
public final class StoppedServices {

    private final ProcessVariable<List<String>> variable;
    private final VariableScope scope;

    public StoppedServices(VariableScope scope, String group) {
        this.variable = ProcessVariable.list("stopped_" + group);
        this.scope = scope;
    }

    /** Adds what was just stopped to what was recorded before. */
    public void record(List<String> justStopped) {
        List<String> all = new ArrayList<>(names());
        justStopped.stream().filter(n -> !all.contains(n)).forEach(all::add);
        variable.set(scope, all);
    }

    public List<String> names() {
        return variable.getOrDefault(scope, List.of());
    }
}
