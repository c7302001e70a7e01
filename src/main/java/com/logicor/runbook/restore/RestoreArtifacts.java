package com.logicor.runbook.restore;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.catalog.BackupCatalog;
import java.util.Arrays;
import java.util.List;
import com.logicor.runbook.variables.ProcessVariable;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Which artifacts a restore process restores, kept in process variables between its steps: per name (e.g.
 * {@code globals}, {@code earth}) the catalog id, the location that was verified and the decompressed size.
 * Only ids, paths and sizes — never content or credentials.
 */
@Component("restoreArtifacts")
public class RestoreArtifacts {

    private final BackupCatalog catalog;

    public RestoreArtifacts(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    public void remember(DelegateExecution execution, String name, VerifiedArtifact verified) {
        id(name).set(execution, verified.artifact().id());
        location(name).set(execution, verified.location());
        rawSize(name).set(execution, verified.rawSize());
    }

    public VerifiedArtifact recall(DelegateExecution execution, String name) {
        String id = id(name).getOrDefault(execution, null);
        if (id == null) throw new IllegalStateException("no artifact chosen for " + name + " (preflight did not run?)");
        BackupArtifact artifact = catalog.findArtifact(id)
                .orElseThrow(() -> new IllegalStateException("artifact " + id + " is no longer in the catalog"));
        String location = location(name).getOrDefault(execution, null);
        // the variable only says which of the catalog's own copies was verified; any other place is refused
        if (location == null || !(location.equals(artifact.remoteLocation()) || location.equals(artifact.localLocation()))) {
            throw new IllegalStateException("artifact " + id + ": location '" + location + "' is not one the catalog records for it");
        }
        // and the catalog's damage mark, set by the reader's own check, is not undone by any variable
        String damage = artifact.damageOf(location);
        if (damage != null) {
            throw new ArtifactDamagedException("artifact " + id + ": the copy at " + location
                    + " is quarantined as damaged (" + damage + "); nothing is restored from it", null, true);
        }
        return new VerifiedArtifact(artifact, location, rawSize(name).get(execution));
    }

    /** The catalog id of the artifact chosen as {@code name}. */
    static ProcessVariable<String> id(String name) {
        return ProcessVariable.text("artifact_" + name);
    }

    /** Which of the catalog's copies was verified. */
    static ProcessVariable<String> location(String name) {
        return ProcessVariable.text("artifactLocation_" + name);
    }

    static ProcessVariable<Long> rawSize(String name) {
        return ProcessVariable.number("artifactRawSize_" + name);
    }

}
