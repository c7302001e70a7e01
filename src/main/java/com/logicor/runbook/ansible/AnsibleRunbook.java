package com.logicor.runbook.ansible;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import org.springframework.stereotype.Component;

/** The Ansible repository's runbook: backed up only; the recovery redeploys from it (ansible-redeploy). */
@Component
public class AnsibleRunbook implements ComponentRunbook {

    private static final ComponentBlueprint BLUEPRINT = new AnsibleBlueprint();

    @Override
    public ComponentBlueprint blueprint() {
        return BLUEPRINT;
    }
}
