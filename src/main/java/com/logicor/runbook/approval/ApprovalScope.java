package com.logicor.runbook.approval;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * Which parameters an approval of each runbook process covers, read from the process's own state:
 * <ul>
 *   <li>{@code restore-<c>}: {@code dryRun}, {@code safetyBackup}, {@code restore.<c>.backupRunId}, and ClickHouse's
 *       {@code overwrite}, {@code restoreData} and chosen data backups, PostgreSQL's {@code databases}, Vault's
 *       {@code force};</li>
 *   <li>a process that orchestrates others (full-cluster-recovery): what its {@link CaseApprovalScope} says — the
 *       same names per component it restores, plus {@code redeploy};</li>
 *   <li>{@code etcd-node-loss} / {@code keeper-node-loss}: the lost member / nodes; {@code ansible-redeploy}: the
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

    private final java.util.List<CaseApprovalScope> cases;

    public ApprovalScope(java.util.List<CaseApprovalScope> cases) {
        this.cases = cases;
    }

    /** What an approval task of process {@code processKey} freezes when it is decided. */
    public ApprovalParameters toApprove(String processKey, VariableScope scope) {
        for (CaseApprovalScope c : cases) if (c.processKey().equals(processKey)) return c.toApprove(scope);
        return inUse(processKey, scope);
    }

    /** What a guarded step of process {@code processKey} is about to use. */
    public ApprovalParameters inUse(String processKey, VariableScope scope) {
        Map<String, String> p = new TreeMap<>();
        p.put(DRY_RUN, bool(scope.getVariable(DRY_RUN)));
        if (processKey.startsWith(RESTORE_PREFIX)) {
            String component = processKey.substring(RESTORE_PREFIX.length());
            p.put(SAFETY_BACKUP, bool(scope.getVariable(SAFETY_BACKUP)));
            restore(p, component, scope::getVariable);
        } else if ("etcd-node-loss".equals(processKey)) {
            p.put("nodeLoss.etcd.member", text(scope.getVariable("lostMember")));
        } else if ("keeper-node-loss".equals(processKey)) {
            p.put("nodeLoss.keeper.nodes", text(scope.getVariable("lostNodes")));
        } else if ("ansible-redeploy".equals(processKey)) {
            p.put(REDEPLOY, "true");
        } else {
            throw new ApprovalRefusedException("process " + processKey + " has no destructive steps the runbook knows how to approve");
        }
        return new ApprovalParameters(p);
    }

    /**
     * The parameters of one component's restore: {@code variable} reads them by their names in the restore process
     * ({@code backupRunId}, {@code overwrite}, …), wherever the caller keeps them.
     */
    public static void restore(Map<String, String> p, String component, Function<String, Object> variable) {
        restore(p, component, variable, "backupRunId", "overwrite", "databases");
    }

    private static void restore(Map<String, String> p, String component, Function<String, Object> variable, String run,
                                String overwrite, String databases) {
        String prefix = "restore." + component + ".";
        p.put(prefix + run, text(variable.apply(run)));
        if ("clickhouse".equals(component)) {
            p.put(prefix + overwrite, bool(variable.apply(overwrite)));
            p.put(prefix + "restoreData", bool(variable.apply("restoreData")));
            p.put(prefix + "dataArtifacts", text(variable.apply("clickhouseDataArtifacts"))); // the data backups the preflight chose
        }
        if ("postgresql".equals(component)) p.put(prefix + databases, text(variable.apply(databases)));
        if ("vault".equals(component)) p.put(prefix + "force", bool(variable.apply("force")));
    }

    public static String bool(Object value) {
        return Boolean.toString(Boolean.TRUE.equals(value) || "true".equals(value));
    }

    static String text(Object value) {
        return value == null ? "" : value.toString().strip();
    }
}
