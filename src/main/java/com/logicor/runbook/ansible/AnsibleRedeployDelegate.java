package com.logicor.runbook.ansible;

import com.logicor.runbook.approval.DestructiveStepGuard;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The step of bpmn/ansible-redeploy.bpmn (called by full-cluster-recovery): the playbook's exit status,
 * log file and the end of its output go to the process; a failing playbook fails the step (retry, then an
 * incident naming the end of its output). A dry run recovery runs it with --check.
 */
@Component("redeployStateless")
public class AnsibleRedeployDelegate implements JavaDelegate {

    private final Inventory inventory;
    private final AnsibleRedeploy redeploy;
    private final Path logs;
    private final DestructiveStepGuard guard;

    public AnsibleRedeployDelegate(Inventory inventory, AnsibleRedeploy redeploy, DestructiveStepGuard guard,
                                   @Value("${runbook.data-dir}") String dataDir) {
        this.guard = guard;
        this.inventory = inventory;
        this.redeploy = redeploy;
        this.logs = Path.of(dataDir, "ansible-runs");
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        ComponentSpec ansible = inventory.component(AnsibleBlueprint.ID);
        boolean check = AnsibleRedeployProcess.DRY_RUN.getOrDefault(execution, false);
        if (!check) guard.require(execution); // check mode changes nothing; a real run needs its approval
        String pi = execution.getProcessInstanceId();
        String workDir = "/tmp/runbook-ansible-" + pi;
        AnsibleRedeployProcess.PLAN.set(execution, String.join("\n", redeploy.plan(ansible, workDir, check)));
        AnsibleRedeploy.Outcome outcome = redeploy.run(ansible, workDir, check, logs.resolve(pi + ".log"));
        AnsibleRedeployProcess.PLAYBOOK.set(execution, redeploy.playbook(ansible));
        AnsibleRedeployProcess.EXIT_STATUS.set(execution, (long) outcome.exitStatus());
        AnsibleRedeployProcess.LOG.set(execution, outcome.log().toString());
        AnsibleRedeployProcess.OUTPUT_TAIL.set(execution, outcome.tail());
        if (outcome.exitStatus() != 0) {
            throw new IllegalStateException("ansible-playbook " + redeploy.playbook(ansible) + " exited " + outcome.exitStatus()
                    + " (log " + outcome.log() + "): " + outcome.tail());
        }
    }
}
