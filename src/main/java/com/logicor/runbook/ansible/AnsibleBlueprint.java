package com.logicor.runbook.ansible;

import com.logicor.runbook.component.BlueprintBase;
import com.logicor.runbook.component.RestoreBlueprint;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.ComponentSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Ansible repository: backed up as a bundle; not restored by a restore process — the recovery redeploys the
 * stateless services from it (ansible-redeploy).
 */
public class AnsibleBlueprint extends BlueprintBase {

    public static final ComponentId ID = ComponentId.of("ansible");

    public AnsibleBlueprint() {
        super(ID, "Ansible repository", 90);
    }

    @Override
    public Optional<RestoreBlueprint> restore() {
        return Optional.empty();
    }

    @Override
    public Set<String> inventoryFields() {
        return Set.of("repository", "playbook");
    }

    @Override
    public List<String> validate(ComponentSpec spec) {
        if (spec.repository() == null || spec.repository().isBlank()) {
            return List.of("repository: required for ansible: the Git repository to back up");
        }
        return List.of();
    }
}
