package com.logicor.runbook.processgen;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.RestoreInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery's two forms whose fields are per component (Camunda Forms JSON): the assessment (affected?, newest
 * backup, run id, the inputs a component asks for) and the approval (evidence and plan of each component). Written
 * from the registry, in the regulation's order, so a new component appears in both.
 */
public final class RecoveryForms {

    private static final int SCHEMA_VERSION = 9;

    private RecoveryForms() {
    }

    public static String assess(List<ComponentBlueprint> restorable) {
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(text("### Assess the incident\nMark what is affected. Each restore uses the newest verified backup shown (or the "
                + "run you give); preflight reads every chosen artifact back and checks its sha256 before anyone approves. "
                + "Restores run in the regulation's order: " + String.join(", ", restorable.stream().map(ComponentBlueprint::label).toList()) + "."));
        Map<String, Object> scale = field("select", "scale", "Scale");
        scale.put("defaultValue", "component");
        scale.put("values", List.of(option("one component", "component"), option("several components", "several"),
                option("whole cluster", "cluster")));
        fields.add(scale);
        for (ComponentBlueprint c : restorable) {
            String id = c.id().id();
            String hint = c.restore().orElseThrow().affectedHint();
            fields.add(checkbox("affected_" + id, c.label() + " affected" + (hint == null ? "" : ": " + hint)));
            fields.add(readonly(field("textarea", "latest_" + id, id + ": newest verified backup (restored unless a run id is given)")));
            fields.add(field("textfield", "backupRun_" + id, id + ": backup run id (empty: the newest above)"));
            for (RestoreInput in : c.restore().orElseThrow().inputs()) {
                if (!in.askedInRecovery()) continue;
                String key = in.name() + "_" + id;
                fields.add(in.kind() == RestoreInput.Kind.FLAG ? checkbox(key, in.label()) : field("textfield", key, in.label()));
            }
        }
        fields.add(checkbox("safetyBackup", "Safety backup: back up each affected component's current state before it is restored "
                + "(a failure is recorded, the restore goes on)"));
        fields.add(checkbox("dryRun", "Dry run: preflight and plans only, touch nothing"));
        return json("recovery-assess", fields);
    }

    public static String approve(List<ComponentBlueprint> restorable) {
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(text("### Approve the recovery\nYou cannot approve an incident you assessed (four-eyes rule, enforced by the "
                + "engine). The evidence below comes from the preflight: every artifact was read back and its sha256 matched the catalog."));
        fields.add(readonly(field("textarea", "approvalSummary", "What you approve (frozen with your decision; every destructive "
                + "step is checked against it)")));
        fields.add(readonly(field("textfield", "assessedBy", "Assessed by")));
        for (ComponentBlueprint c : restorable) {
            String id = c.id().id();
            fields.add(readonly(field("textarea", "evidence_" + id, id + ": artifacts, age, checksum, target (empty: not affected)")));
            fields.add(readonly(field("textarea", "plan_" + id, id + ": plan (exact commands)")));
        }
        fields.add(checkbox("approved", "I approve this recovery"));
        fields.add(field("textfield", "approvalComment", "Comment"));
        return json("recovery-approve", fields);
    }

    private static Map<String, Object> text(String markdown) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "text");
        f.put("id", "text_intro");
        f.put("text", markdown);
        return f;
    }

    private static Map<String, Object> field(String type, String key, String label) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", type);
        f.put("id", key);
        f.put("key", key);
        f.put("label", label);
        return f;
    }

    private static Map<String, Object> checkbox(String key, String label) {
        Map<String, Object> f = field("checkbox", key, label);
        f.put("defaultValue", false);
        return f;
    }

    private static Map<String, Object> readonly(Map<String, Object> f) {
        f.put("readonly", true);
        return f;
    }

    private static Map<String, Object> option(String label, String value) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("label", label);
        o.put("value", value);
        return o;
    }

    private static String json(String id, List<Map<String, Object>> fields) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("id", id);
        form.put("type", "default");
        form.put("schemaVersion", SCHEMA_VERSION);
        form.put("components", fields);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(form) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
