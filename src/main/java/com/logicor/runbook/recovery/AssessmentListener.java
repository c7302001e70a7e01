package com.logicor.runbook.recovery;

import static com.logicor.runbook.recovery.FullClusterRecoveryProcess.*;

import java.util.ArrayList;
import org.camunda.bpm.engine.BadUserRequestException;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completion of "Assess incident": at least one component is affected, each affected one can be restored
 * by this version, and the assessor is recorded — from the engine's authenticated user, never from a form
 * field — so that the approval can be refused to them.
 */
@Component("recoveryAssessment")
public class AssessmentListener implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        List<String> affected = new ArrayList<>();
        for (String component : ORDER) {
            if (Boolean.TRUE.equals(task.getVariable(VAR_AFFECTED_PREFIX + component))) affected.add(component);
        }
        if (affected.isEmpty()) {
            throw new BadUserRequestException("no component marked as affected: nothing to recover");
        }
        List<String> missing = affected.stream().filter(c -> !RESTORABLE.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new BadUserRequestException("this version cannot restore " + String.join(", ", missing)
                    + " yet (restorable: " + String.join(", ", RESTORABLE) + "); restore it by the regulation's steps");
        }
        String user = FourEyes.currentUser(task);
        task.setVariable(VAR_ASSESSED_BY, user);
        task.setVariable("affectedComponents", String.join(",", affected));
        if (task.getVariable(VAR_DRY_RUN) == null) task.setVariable(VAR_DRY_RUN, false);
    }
}
