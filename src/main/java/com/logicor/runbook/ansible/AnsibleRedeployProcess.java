package com.logicor.runbook.ansible;

import com.logicor.runbook.variables.ProcessVariable;
import com.logicor.runbook.variables.RestoreVariables;

/** Variables of process {@code ansible-redeploy} (bpmn/ansible-redeploy.bpmn), declared once. */
public final class AnsibleRedeployProcess {

    public static final String KEY = "ansible-redeploy";

    /** In: run the playbook with --check (the recovery's dry run); the same variable as a restore's. */
    public static final ProcessVariable<Boolean> DRY_RUN = RestoreVariables.DRY_RUN;

    /** Out (the recovery copies the exit status to itself and writes them into the incident record): */
    public static final ProcessVariable<String> PLAN = ProcessVariable.text("ansiblePlan");
    public static final ProcessVariable<String> PLAYBOOK = ProcessVariable.text("ansiblePlaybook");
    public static final ProcessVariable<Long> EXIT_STATUS = ProcessVariable.number("ansibleExitStatus");
    public static final ProcessVariable<String> LOG = ProcessVariable.text("ansibleLog");
    public static final ProcessVariable<String> OUTPUT_TAIL = ProcessVariable.text("ansibleOutputTail");

    private AnsibleRedeployProcess() {
    }
}
