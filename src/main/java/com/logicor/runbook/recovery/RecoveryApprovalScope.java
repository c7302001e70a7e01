package com.logicor.runbook.recovery;

import com.logicor.runbook.approval.ApprovalParameters;
import com.logicor.runbook.approval.ApprovalScope;
import com.logicor.runbook.approval.CaseApprovalScope;
import com.logicor.runbook.approval.RestoreParameters;
import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentBlueprints;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * What the recovery's approval freezes: dry run, safety backup, the redeploy, and for every affected component the
 * run and values its preflight chose (kept as {@code chosenRun_<c>} and {@code <name>_<c>}), in the names a restore
 * uses ({@code restore.<c>.…}), so each restore's guard checks its step against this approval.
 */
@Component
public class RecoveryApprovalScope implements CaseApprovalScope {

    private final ComponentBlueprints blueprints;
    private final RestoreParameters restores;

    public RecoveryApprovalScope(ComponentBlueprints blueprints, RestoreParameters restores) {
        this.blueprints = blueprints;
        this.restores = restores;
    }

    @Override
    public String processKey() {
        return FullClusterRecoveryProcess.KEY;
    }

    @Override
    public ApprovalParameters toApprove(VariableScope scope) {
        Map<String, String> p = new TreeMap<>();
        p.put(ApprovalScope.DRY_RUN, ApprovalScope.bool(FullClusterRecoveryProcess.DRY_RUN.getOrDefault(scope, false)));
        p.put(ApprovalScope.SAFETY_BACKUP, ApprovalScope.bool(FullClusterRecoveryProcess.SAFETY_BACKUP.getOrDefault(scope, false)));
        p.put(ApprovalScope.REDEPLOY, "true");
        for (ComponentBlueprint b : blueprints.restorable()) {
            String component = b.id().id();
            if (!FullClusterRecoveryProcess.affected(component).getOrDefault(scope, false)) continue;
            restores.put(p, component, name -> scope.getVariable(FullClusterRecoveryProcess.perComponent(
                    name.equals("backupRunId") ? "chosenRun" : name, component)));
        }
        return new ApprovalParameters(p);
    }
}
