package com.logicor.runbook.recovery;

import com.logicor.runbook.approval.ApprovalParameters;
import com.logicor.runbook.approval.ApprovalScope;
import com.logicor.runbook.approval.CaseApprovalScope;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * What bob approves in a full-cluster-recovery: dry run, safety backup, the redeploy, and per component the
 * assessment marked affected the parameters its restore will use, as the preflights resolved them
 * ({@code chosenRun_<c>}, {@code databases_<c>}, …) — in the names the restore's own guard checks.
 */
@Component
public class RecoveryApprovalScope implements CaseApprovalScope {

    @Override
    public String processKey() {
        return FullClusterRecoveryProcess.KEY;
    }

    @Override
    public ApprovalParameters toApprove(VariableScope scope) {
        Map<String, String> p = new TreeMap<>();
        p.put(ApprovalScope.DRY_RUN, ApprovalScope.bool(scope.getVariable(ApprovalScope.DRY_RUN)));
        p.put(ApprovalScope.SAFETY_BACKUP, ApprovalScope.bool(scope.getVariable(ApprovalScope.SAFETY_BACKUP)));
        p.put(ApprovalScope.REDEPLOY, "true");
        for (String component : FullClusterRecoveryProcess.ORDER) {
            if (!Boolean.TRUE.equals(scope.getVariable(FullClusterRecoveryProcess.VAR_AFFECTED_PREFIX + component))) continue;
            ApprovalScope.restore(p, component, name -> scope.getVariable(
                    name.equals("backupRunId") ? "chosenRun_" + component : name + "_" + component));
        }
        return new ApprovalParameters(p);
    }
}
