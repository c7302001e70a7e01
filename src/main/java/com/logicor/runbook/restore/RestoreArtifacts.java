package com.logicor.runbook.restore;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Which artifacts a restore process restores, kept in process variables between its steps: per name (e.g.
 * {@code globals}, {@code earth}) the catalog id, the location that was verified and the decompressed size.
 * Only ids, paths and sizes — never content or credentials. Also exposes the list of names to BPMN
 * ({@code ${restoreArtifacts.namesOf(execution, 'databases')}}).
 */
@Component("restoreArtifacts")
public class RestoreArtifacts {

    private final BackupCatalog catalog;

    public RestoreArtifacts(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    public void remember(DelegateExecution execution, String name, VerifiedArtifact verified) {
        execution.setVariable("artifact_" + name, verified.artifact().id());
        execution.setVariable("artifactLocation_" + name, verified.location());
        execution.setVariable("artifactRawSize_" + name, verified.rawSize());
    }

    public VerifiedArtifact recall(DelegateExecution execution, String name) {
        String id = (String) execution.getVariable("artifact_" + name);
        if (id == null) throw new IllegalStateException("no artifact chosen for " + name + " (preflight did not run?)");
        BackupArtifact artifact = catalog.findArtifact(id)
                .orElseThrow(() -> new IllegalStateException("artifact " + id + " is no longer in the catalog"));
        String location = (String) execution.getVariable("artifactLocation_" + name);
        // the variable only says which of the catalog's own copies was verified; any other place is refused
        if (location == null || !(location.equals(artifact.remoteLocation()) || location.equals(artifact.localLocation()))) {
            throw new IllegalStateException("artifact " + id + ": location '" + location + "' is not one the catalog records for it");
        }
        return new VerifiedArtifact(artifact, location,
                ((Number) execution.getVariable("artifactRawSize_" + name)).longValue());
    }

    /** A comma-separated variable as a list, for a multi-instance collection. */
    public List<String> namesOf(DelegateExecution execution, String variable) {
        Object value = execution.getVariable(variable);
        if (!(value instanceof String s) || s.isBlank()) return List.of();
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
