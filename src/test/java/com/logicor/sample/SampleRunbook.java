package com.logicor.sample;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.RestoreContext;
import com.logicor.runbook.component.RestorePreparation;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.command.CommandJournal;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sample component's runbook: it touches nothing real, it records what the process asked of it (the phases in
 * the order they ran) so process-path tests can check the skeleton, and it can be told to fail or crash in a phase.
 */
public class SampleRunbook implements ComponentRunbook {

    /** Thrown when the step's transaction commits: nothing of it is kept, as if the node died, and the job runs again. */
    public static final class Crash extends RuntimeException {
        Crash(String phase) {
            super("simulated crash in " + phase);
        }
    }

    /** The command each phase "runs" (notes in the journal), as its plan says. */
    static final java.util.Map<String, String> PLANNED = java.util.Map.of(SampleBlueprint.STOP, "systemctl stop sample",
            SampleBlueprint.RESTORE_DATA, "tar -x -C /var/lib/sample", SampleBlueprint.START_AND_CHECK, "systemctl start sample");

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String failIn;
    private volatile String crashOnceIn;

    @Override
    public ComponentBlueprint blueprint() {
        return new SampleBlueprint();
    }

    @Override
    public String verify(ComponentSpec spec) {
        calls.add("verify");
        return "sample answers";
    }

    @Override
    public RestorePreparation preflight(RestoreContext ctx) {
        calls.add("preflight");
        String node = ctx.spec().nodes().get(0).name();
        return new RestorePreparation("sample artifact of " + node, List.of("on " + node + ": " + PLANNED.get(SampleBlueprint.STOP),
                "on " + node + ": " + PLANNED.get(SampleBlueprint.RESTORE_DATA), "on " + node + ": " + PLANNED.get(SampleBlueprint.START_AND_CHECK)));
    }

    @Override
    public void runPhase(String phase, RestoreContext ctx) {
        calls.add(phase);
        CommandJournal.note(ctx.spec().nodes().get(0).name(), PLANNED.get(phase));
        if (phase.equals(crashOnceIn)) {
            crashOnceIn = null;
            // the work is done, then the node dies before the commit (engine-internal API, fine in a test double)
            Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTING, c -> {
                throw new Crash(phase);
            });
        }
        if (phase.equals(failIn)) throw new IllegalStateException("sample: " + phase + " failed");
        if (phase.equals(SampleBlueprint.STOP)) ctx.stopped(SampleBlueprint.ID.id()).record(List.of("sample-1"));
    }

    @Override
    public void bringBack(RestoreContext ctx) {
        calls.add("bring_back " + String.join(",", ctx.stopped(SampleBlueprint.ID.id()).names()));
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
        failIn = null;
        crashOnceIn = null;
    }

    public void failIn(String phase) {
        failIn = phase;
    }

    public void crashOnceIn(String phase) {
        crashOnceIn = phase;
    }
}
