package com.logicor.runbook.recovery;

import com.logicor.runbook.security.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Records who completed a human step ({@code completedBy_<task key>}), from the engine's authenticated user. */
@Component("recordCompleter")
public class CompletedByListener implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        task.setVariable("completedBy_" + task.getTaskDefinitionKey(), CurrentUser.of(task));
    }
}
