package com.logicor.runbook.restore;

import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.ComponentRunbooks;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePhase;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.command.CommandJournal;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.variables.ProcessVariable;
import com.logicor.runbook.variables.RestoreVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The one way a generated {@code restore-<id>} process calls its component: {@code ${restoreStep.preflight(execution,
 * 'minio')}}, {@code ${restoreStep.run(execution, 'minio', 'stop')}}, {@code ${restoreStep.bringBack(execution,
 * 'minio')}}. It finds the runbook and the component's inventory entry, and passes every phase through the approval
 * guard ({@link GuardedStep}) — so no component writes this head itself, and none can forget the guard.
 */
@Component("restoreStep")
public class RestoreSteps {

    private final ComponentRunbooks runbooks;
    private final Inventory inventory;
    private final RestorePreflight preflight;
    private final GuardedStep guardedStep;

    public RestoreSteps(ComponentRunbooks runbooks, Inventory inventory, RestorePreflight preflight, GuardedStep guardedStep) {
        this.runbooks = runbooks;
        this.inventory = inventory;
        this.preflight = preflight;
        this.guardedStep = guardedStep;
    }

    public void preflight(DelegateExecution execution, String component) throws Exception {
        RestorePreparation prepared = runbooks.of(component).preflight(context(execution, component));
        preflight.finish(execution, prepared.evidence(), prepared.plan());
    }

    public void run(DelegateExecution execution, String component, String phase) {
        ComponentRunbook runbook = runbooks.of(component);
        RestorePhase declared = runbook.blueprint().restore().flatMap(r -> r.phase(phase))
                .orElseThrow(() -> new IllegalArgumentException(component + " has no restore phase " + phase));
        GuardedStep.Work work = () -> CommandJournal.during(() -> runbook.runPhase(phase, context(execution, component)),
                executed -> journal(execution, phase, executed));
        if (declared.retryCycle() == null) guardedStep.run(execution, work);
        else guardedStep.runRetrying(execution, work);
    }

    public void bringBack(DelegateExecution execution, String component) throws Exception {
        runbooks.of(component).bringBack(context(execution, component));
    }

    /** Adds what the phase ran to the restore's record of executed commands (kept also when the phase fails). */
    private static void journal(DelegateExecution execution, String phase, List<String> executed) {
        if (executed.isEmpty()) return;
        List<String> all = new java.util.ArrayList<>(RestoreVariables.EXECUTED.getOrDefault(execution, List.of()));
        executed.forEach(line -> all.add(phase + " — " + line));
        RestoreVariables.EXECUTED.set(execution, all);
    }

    /** The elements of a list input, for a phase run once per element (multi-instance collection). */
    public List<String> elements(DelegateExecution execution, String listInput) {
        return ProcessVariable.list(listInput).getOrDefault(execution, List.of());
    }

    /** Whether a flag input is true, for a phase run only if it is. */
    public boolean flag(DelegateExecution execution, String flagInput) {
        return Boolean.TRUE.equals(ProcessVariable.flag(flagInput).getOrDefault(execution, false));
    }

    private RestoreContext context(DelegateExecution execution, String component) {
        return new RestoreContext(execution, inventory.component(ComponentId.of(component)), inventory);
    }
}
