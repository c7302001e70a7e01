package com.logicor.runbook.approval;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.component.NodeLossPlay;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * Which parameters an approval of each runbook process covers, read from the process's own state:
 * <ul>
 *   <li>{@code restore-<c>}: {@code dryRun}, {@code safetyBackup}, {@code restore.<c>.backupRunId} and every value the
 *       component's blueprint declares for its restore ({@link RestoreParameters});</li>
 *   <li>a process that orchestrates others (full-cluster-recovery): what its {@link CaseApprovalScope} says — the
 *       same names per component it restores, plus {@code redeploy};</li>
 *   <li>a component's node-loss play: what was lost ({@code nodeLoss.<c>.<name>}); {@code ansible-redeploy}: the
 *       redeploy itself.</li>
 * </ul>
 * A child process called by a recovery uses the same names, so its steps can be checked against the recovery's
 * approval. Values are text; booleans are {@code true}/{@code false} with a missing value as {@code false}.
 */
@Component
public class ApprovalScope {

    public static final String DRY_RUN = "dryRun";
    public static final String SAFETY_BACKUP = "safetyBackup";
    public static final String REDEPLOY = "redeploy";
    static final String RESTORE_PREFIX = "restore-";
    static final String REDEPLOY_PROCESS = "ansible-redeploy";

    /** A yes/no as the caller gave it: a Boolean or the text "true" (what a gateway's ${dryRun} also takes as true). */
    private static final ProcessVariable<String> DRY_RUN_AS_GIVEN = ProcessVariable.text(DRY_RUN);
    private static final ProcessVariable<String> SAFETY_BACKUP_AS_GIVEN = ProcessVariable.text(SAFETY_BACKUP);

    private final List<CaseApprovalScope> cases;
    private final ComponentBlueprints blueprints;
    private final RestoreParameters restores;

    public ApprovalScope(List<CaseApprovalScope> cases, ComponentBlueprints blueprints, RestoreParameters restores) {
        this.cases = cases;
        this.blueprints = blueprints;
        this.restores = restores;
    }

    /** What an approval task of process {@code processKey} freezes when it is decided. */
    public ApprovalParameters toApprove(String processKey, VariableScope scope) {
        for (CaseApprovalScope c : cases) if (c.processKey().equals(processKey)) return c.toApprove(scope);
        return inUse(processKey, scope);
    }

    /** What a guarded step of process {@code processKey} is about to use. */
    public ApprovalParameters inUse(String processKey, VariableScope scope) {
        Map<String, String> p = new TreeMap<>();
        p.put(DRY_RUN, bool(DRY_RUN_AS_GIVEN.getOrDefault(scope, null)));
        Optional<ComponentBlueprint> restored = restoredBy(processKey);
        Optional<ComponentBlueprint> nodeLoss = blueprints.all().stream()
                .filter(b -> b.nodeLoss().map(n -> n.processKey().equals(processKey)).orElse(false)).findFirst();
        if (restored.isPresent()) {
            p.put(SAFETY_BACKUP, bool(SAFETY_BACKUP_AS_GIVEN.getOrDefault(scope, null)));
            restores.put(p, restored.get().id().id(), scope::getVariable);
        } else if (nodeLoss.isPresent()) {
            NodeLossPlay play = nodeLoss.get().nodeLoss().orElseThrow();
            p.put("nodeLoss." + nodeLoss.get().id() + "." + play.approvedAs(), ProcessVariable.list(play.lostVariable()).asText(scope));
        } else if (REDEPLOY_PROCESS.equals(processKey)) {
            p.put(REDEPLOY, "true");
        } else {
            throw new ApprovalRefusedException("process " + processKey + " has no destructive steps the runbook knows how to approve");
        }
        return new ApprovalParameters(p);
    }

    private Optional<ComponentBlueprint> restoredBy(String processKey) {
        if (!processKey.startsWith(RESTORE_PREFIX)) return Optional.empty();
        return blueprints.find(processKey.substring(RESTORE_PREFIX.length())).filter(b -> b.restore().isPresent());
    }

    public static String bool(Object value) {
        return RestoreParameters.bool(value);
    }
}
