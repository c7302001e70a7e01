package com.logicor.runbook.restore;

import com.logicor.runbook.approval.DestructiveStepGuard;
import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.inventory.ComponentId;
import java.time.Duration;
import java.time.OffsetDateTime;
import com.logicor.runbook.variables.RestoreVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What every restore process's preflight does with its artifact: choose it (the newest verified one of the
 * component and kind, or the one of the requested backup run), read it back and check it, remember it for
 * the later steps, hold it against pruning, and describe it for the approver; plus the process defaults.
 */
@Component
public class RestorePreflight {


    private final BackupCatalog catalog;
    private final ArtifactReader reader;
    private final RestoreArtifacts artifacts;
    private final DestructiveStepGuard guard;

    public RestorePreflight(BackupCatalog catalog, ArtifactReader reader, RestoreArtifacts artifacts, DestructiveStepGuard guard) {
        this.catalog = catalog;
        this.reader = reader;
        this.artifacts = artifacts;
        this.guard = guard;
    }

    /** Chooses, verifies (read back), remembers as {@code name} and holds the artifact; sets backupRunId. */
    public VerifiedArtifact chooseAndVerify(DelegateExecution execution, ComponentId component, String kind, String name) {
        String requested = RestoreVariables.BACKUP_RUN_ID.getOrDefault(execution, null);
        boolean any = requested == null || requested.isBlank();
        BackupArtifact artifact = catalog.retainedArtifacts(component.id()).stream()
                .filter(a -> a.kind().equals(kind))
                .filter(a -> any || a.runId().equals(requested))
                .findFirst().orElseThrow(() -> new IllegalStateException("no verified " + component.id() + " " + kind
                        + " artifact" + (any ? "" : " in backup run " + requested) + " in the catalog"));
        RestoreVariables.BACKUP_RUN_ID.set(execution, artifact.runId());
        return verifyAndHold(execution, name, artifact);
    }

    /**
     * The artifacts of {@code kind} of the newest backup run (or the requested one, variable backupRunId) that has
     * one for every node: a quorum or a cluster is restored to one moment. Keyed by node name; sets backupRunId.
     */
    public java.util.Map<String, BackupArtifact> newestCompleteRun(DelegateExecution execution, ComponentId component,
                                                                  String kind, java.util.List<String> nodes) {
        String requested = RestoreVariables.BACKUP_RUN_ID.getOrDefault(execution, null);
        boolean any = requested == null || requested.isBlank();
        java.util.List<BackupArtifact> all = catalog.retainedArtifacts(component.id()).stream()
                .filter(a -> a.kind().equals(kind)).toList();
        String runId = all.stream().map(BackupArtifact::runId).distinct()
                .filter(r -> any || r.equals(requested))
                .filter(r -> nodes.stream().allMatch(n -> all.stream().anyMatch(a -> a.runId().equals(r) && a.node().equals(n))))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + component.id() + " backup run with a verified "
                        + kind + " artifact of every node " + nodes + (any ? "" : " for run " + requested)));
        java.util.Map<String, BackupArtifact> byNode = new java.util.LinkedHashMap<>();
        for (String n : nodes) {
            byNode.put(n, all.stream().filter(a -> a.runId().equals(runId) && a.node().equals(n)).findFirst().orElseThrow());
        }
        RestoreVariables.BACKUP_RUN_ID.set(execution, runId);
        return byNode;
    }

    /** Reads the artifact back and checks it, remembers it as {@code name}, holds it against pruning. */
    public VerifiedArtifact verifyAndHold(DelegateExecution execution, String name, BackupArtifact artifact) {
        VerifiedArtifact verified = reader.verify(artifact);
        artifacts.remember(execution, name, verified);
        catalog.hold(artifact.id(), execution.getProcessInstanceId(), "restore " + execution.getProcessInstanceId());
        return verified;
    }

    /** One line of evidence: where, how big, the checksum that was just re-verified, and how old. */
    public static String evidence(VerifiedArtifact v) {
        BackupArtifact a = v.artifact();
        Duration age = Duration.between(a.finishedAt(), OffsetDateTime.now());
        return (v.fallback() == null ? "" : v.fallback() + ": ") + a.kind() + " " + v.rawFileName() + " of backup run " + a.runId() + ": " + v.location() + ", " + a.sizeBytes()
                + " bytes stored (" + v.rawSize() + " decompressed), sha256 " + a.sha256()
                + " re-verified by reading it back, taken " + a.finishedAt() + " (" + age.toHours() + " h "
                + age.toMinutesPart() + " min ago)" + (v.trust() == null ? "" : "; " + v.trust());
    }

    /** Records plan and evidence, and fills in dryRun (false), safetyBackup (false) and approvalRequired (the setting) if not given. */
    public void finish(DelegateExecution execution, String evidence, java.util.List<String> plan) {
        RestoreVariables.EVIDENCE.set(execution, evidence);
        RestoreVariables.PLAN.set(execution, String.join("\n", plan));
        applyDefaults(execution);
    }

    /** dryRun (false), approvalRequired (the setting) and safetyBackup (false) where the starter gave none. */
    public void applyDefaults(DelegateExecution execution) {
        RestoreVariables.DRY_RUN.setIfAbsent(execution, false);
        RestoreVariables.APPROVAL_REQUIRED.setIfAbsent(execution, guard.approvalsRequired()); // the one reader of the setting
        RestoreVariables.SAFETY_BACKUP.setIfAbsent(execution, false);
    }
}
