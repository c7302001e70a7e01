package com.logicor.runbook.approval;

import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.component.RestoreInput;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The parameters of one component's restore an approval freezes, from the component's blueprint: the backup run and
 * every value its restore declares ({@code restore.<component>.<name>}). Read by name from wherever the caller keeps
 * them: the restore process itself, or a recovery that keeps them per component.
 */
@Component
public class RestoreParameters {

    static final String BACKUP_RUN_ID = "backupRunId";

    private final ComponentBlueprints blueprints;

    public RestoreParameters(ComponentBlueprints blueprints) {
        this.blueprints = blueprints;
    }

    public void put(Map<String, String> p, String component, Function<String, Object> variable) {
        String prefix = "restore." + component + ".";
        p.put(prefix + BACKUP_RUN_ID, text(variable.apply(BACKUP_RUN_ID)));
        for (RestoreInput input : inputs(component)) {
            Object value = variable.apply(input.name());
            p.put(prefix + input.approvedAs(), input.kind() == RestoreInput.Kind.FLAG ? bool(value) : text(value));
        }
    }

    private List<RestoreInput> inputs(String component) {
        return blueprints.of(component).restore()
                .orElseThrow(() -> new ApprovalRefusedException("component " + component + " has no restore to approve")).inputs();
    }

    public static String bool(Object value) {
        return Boolean.toString(Boolean.TRUE.equals(value) || "true".equals(value));
    }

    /** Text as given; a list comma-joined (a list stored by the runbook and the same list typed as text read alike). */
    public static String text(Object value) {
        if (value instanceof List<?> list) return String.join(",", list.stream().map(v -> String.valueOf(v).strip()).toList());
        return value == null ? "" : value.toString().strip();
    }
}
