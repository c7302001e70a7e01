package com.logicor.runbook.recovery;

import com.logicor.runbook.security.CurrentUser;
import static com.logicor.runbook.recovery.FullClusterRecoveryProcess.*;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.component.ComponentBlueprints;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import org.camunda.bpm.engine.BadUserRequestException;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On creation of "Assess incident": the newest verified backup of each component, with age and checksums,
 * for the form. On its completion: at least one component is affected, each affected one can be restored
 * by this version, and the assessor is recorded — from the engine's authenticated user, never from a form
 * field — so that the approval can be refused to them.
 */
@Component("recoveryAssessment")
public class AssessmentListener implements TaskListener {

    private final BackupCatalog catalog;
    private final ComponentBlueprints blueprints;

    public AssessmentListener(BackupCatalog catalog, ComponentBlueprints blueprints) {
        this.catalog = catalog;
        this.blueprints = blueprints;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            showLatestBackups(task);
            return;
        }
        List<String> affected = new ArrayList<>();
        for (String component : restorable()) {
            if (affected(component).getOrDefault(task, false)) affected.add(component);
        }
        if (affected.isEmpty()) {
            throw new BadUserRequestException("no component marked as affected: nothing to recover");
        }
        String user = CurrentUser.of(task);
        ASSESSED_BY.set(task, user);
        AFFECTED_COMPONENTS.set(task, affected);
        DRY_RUN.setIfAbsent(task, false);
    }

    /** For the form: per component, the newest verified backup run, its age and its artifacts' checksums. */
    private void showLatestBackups(DelegateTask task) {
        for (String component : restorable()) {
            List<BackupArtifact> artifacts = catalog.retainedArtifacts(component);
            if (artifacts.isEmpty()) {
                latest(component).set(task, "no verified backup in the catalog");
                continue;
            }
            String runId = artifacts.get(0).runId();
            StringBuilder text = new StringBuilder("backup run " + runId);
            for (BackupArtifact a : artifacts.stream().filter(a -> a.runId().equals(runId)).toList()) {
                Duration age = Duration.between(a.finishedAt(), OffsetDateTime.now());
                text.append("\n").append(a.kind()).append(" of ").append(a.node()).append(": ").append(a.sizeBytes())
                        .append(" bytes, sha256 ").append(a.sha256()).append(", ").append(age.toHours()).append(" h ")
                        .append(age.toMinutesPart()).append(" min old");
            }
            latest(component).set(task, text.toString());
        }
    }

    private List<String> restorable() {
        return blueprints.restorable().stream().map(b -> b.id().id()).toList();
    }
}
