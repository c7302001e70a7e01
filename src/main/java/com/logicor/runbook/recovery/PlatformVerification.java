package com.logicor.runbook.recovery;

import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.ComponentRunbooks;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.reachability.ReachabilityCheck;
import com.logicor.runbook.reachability.ReachabilityResult;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Step "Verify every component" after the restores: every endpoint of the inventory answers (hosts, engines,
 * storage, components), and each component's runbook checks what it holds ({@link ComponentRunbook#verify}: quorum,
 * files, SQL and tables, keys, objects, secrets). The findings go to {@code verification} (one line each) for the
 * operator's confirmation and the incident record; a restored component that fails its check fails the step
 * (retries, then an incident), a component that was not restored is reported, not fatal.
 */
@Component("recoveryVerification")
public class PlatformVerification implements JavaDelegate {

    private final Inventory inventory;
    private final ReachabilityCheck reachability;
    private final ComponentRunbooks runbooks;

    public PlatformVerification(Inventory inventory, ReachabilityCheck reachability, ComponentRunbooks runbooks) {
        this.inventory = inventory;
        this.reachability = reachability;
        this.runbooks = runbooks;
    }

    @Override
    public void execute(DelegateExecution execution) {
        List<String> lines = new ArrayList<>();
        List<String> fatal = new ArrayList<>();
        for (ReachabilityResult r : reachability.run().results()) {
            lines.add((r.ok() ? "ok     " : "FAILED ") + r.kind() + " " + r.target() + " " + r.address()
                    + (r.ok() ? "" : ": " + r.reason()));
        }
        for (ComponentRunbook runbook : runbooks.inOrder()) {
            String component = runbook.blueprint().id().id();
            boolean restored = FullClusterRecoveryProcess.affected(component).getOrDefault(execution, false);
            ComponentSpec spec = inventory.component(runbook.blueprint().id());
            try {
                String restoredRun = restored ? FullClusterRecoveryProcess.fromRestore("chosenRun", component).find(execution)
                        .filter(r -> !r.isBlank()).orElse(null) : null;
                String finding = runbook.verify(spec, restoredRun);
                if (finding != null) lines.add("ok     " + finding + (restored ? " (restored)" : ""));
            } catch (Exception e) {
                lines.add("FAILED " + component + ": " + e.getMessage());
                if (restored) fatal.add(component + ": " + e.getMessage());
            }
        }
        FullClusterRecoveryProcess.VERIFICATION.set(execution, String.join("\n", lines));
        if (!fatal.isEmpty()) {
            throw new IllegalStateException("restored components fail their checks: " + String.join("; ", fatal));
        }
    }
}
