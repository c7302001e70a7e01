package com.logicor.runbook.processgen;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentBlueprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * Every file the generator owns, by path relative to the project: {@code bpmn/restore-<id>.bpmn} per component with a
 * restore, {@code bpmn/full-cluster-recovery.bpmn}, and the recovery's per-component forms. {@code scripts/generate-processes}
 * runs {@link #main} to write them; {@code GeneratedProcessesTest} fails when a checked-in file differs.
 */
public final class GeneratedProcesses {

    private GeneratedProcesses() {
    }

    public static Map<String, String> files(ComponentBlueprints blueprints) {
        List<ComponentBlueprint> restorable = blueprints.restorable();
        Map<String, String> files = new LinkedHashMap<>();
        for (ComponentBlueprint b : restorable) {
            files.put("bpmn/" + RestoreProcessModel.key(b) + ".bpmn", xml(RestoreProcessModel.of(b)));
        }
        files.put("bpmn/" + RecoveryProcessModel.KEY + ".bpmn", xml(RecoveryProcessModel.of(restorable)));
        files.put("forms/recovery-assess.form", RecoveryForms.assess(restorable));
        files.put("forms/recovery-approve.form", RecoveryForms.approve(restorable));
        return files;
    }

    public static String xml(BpmnModelInstance model) {
        Bpmn.validateModel(model);
        return Bpmn.convertToString(model).replace("\r\n", "\n").stripTrailing() + "\n";
    }

    /** Writes the files under the project directory given (default: the current one). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Map.Entry<String, String> f : files(ComponentBlueprints.production()).entrySet()) {
            Path target = root.resolve(f.getKey());
            String now = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
            if (f.getValue().equals(now)) continue;
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + f.getKey());
        }
    }
}
