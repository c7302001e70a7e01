package com.logicor.runbook.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Writes the incident record of a recovery as Markdown from the engine's history: who reported, assessed,
 * approved and confirmed, which artifacts each restore used (the preflight evidence), the timeline of every
 * step of the recovery and of the restore processes it called, with durations and outcomes, and the checks.
 */
@Component
public class IncidentRecordWriter {

    private static final Set<String> SKIPPED = Set.of("exclusiveGateway", "parallelGateway", "inclusiveGateway",
            "multiInstanceBody", "noneStartEvent", "startEvent", "boundaryError");

    private final HistoryService history;

    public IncidentRecordWriter(HistoryService history) {
        this.history = history;
    }

    public String markdown(String processInstanceId, Map<String, Object> vars) {
        StringBuilder md = new StringBuilder();
        HistoricProcessInstance root = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
        md.append("# Incident: ").append(text(vars.get("incidentTitle"))).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| severity | ").append(text(vars.get("severity"))).append(" |\n");
        md.append("| recovery process | `").append(processInstanceId).append("` (full-cluster-recovery) |\n");
        md.append("| reported | ").append(root.getStartTime().toInstant()).append(" by ").append(text(root.getStartUserId())).append(" |\n");
        md.append("| assessed by | ").append(text(vars.get("assessedBy"))).append(" |\n");
        md.append("| approved by | ").append(text(vars.get("approvedBy"))).append(" |\n");
        md.append("| confirmed by | ").append(text(vars.get("completedBy_task_confirm"))).append(" |\n");
        md.append("| dry run | ").append(Boolean.TRUE.equals(vars.get("dryRun")) ? "yes" : "no").append(" |\n\n");
        if (vars.get("description") != null) md.append("## What happened\n\n").append(vars.get("description")).append("\n\n");

        md.append("## Components restored and the artifacts used\n\n");
        boolean any = false;
        for (String c : FullClusterRecoveryProcess.ORDER) {
            if (!Boolean.TRUE.equals(vars.get(FullClusterRecoveryProcess.VAR_AFFECTED_PREFIX + c))) continue;
            any = true;
            md.append("### ").append(c).append("\n\nbackup run `").append(text(vars.get("chosenRun_" + c))).append("`")
                    .append(vars.get("failure_" + c) == null ? "" : " — **restore failed: " + vars.get("failure_" + c) + "**")
                    .append("\n\n```\n").append(text(vars.get("evidence_" + c))).append("\n```\n\n");
        }
        if (!any) md.append("none\n\n");

        md.append("## Timeline\n\n| started (UTC) | step | process | duration | by | outcome |\n|---|---|---|---|---|---|\n");
        List<HistoricProcessInstance> instances = new ArrayList<>();
        instances.add(root);
        instances.addAll(history.createHistoricProcessInstanceQuery().rootProcessInstanceId(processInstanceId).list().stream()
                .filter(p -> !p.getId().equals(processInstanceId)).toList());
        Map<String, String> keyOf = new TreeMap<>();
        instances.forEach(p -> keyOf.put(p.getId(), p.getProcessDefinitionKey()));
        List<HistoricActivityInstance> steps = new ArrayList<>();
        for (HistoricProcessInstance p : instances) {
            steps.addAll(history.createHistoricActivityInstanceQuery().processInstanceId(p.getId()).list());
        }
        steps.sort(Comparator.comparing(HistoricActivityInstance::getStartTime)
                .thenComparing(a -> a.getEndTime() == null ? Long.MAX_VALUE : a.getEndTime().getTime()));
        for (HistoricActivityInstance a : steps) {
            if (SKIPPED.contains(a.getActivityType()) || a.getActivityName() == null) continue;
            md.append("| ").append(a.getStartTime().toInstant()).append(" | ").append(a.getActivityName())
                    .append(" | ").append(keyOf.getOrDefault(a.getProcessInstanceId(), "")).append(" | ")
                    .append(duration(a.getStartTime(), a.getEndTime())).append(" | ").append(text(completer(a, vars)))
                    .append(" | ").append(a.getEndTime() == null ? "running" : a.isCanceled() ? "cancelled" : "done").append(" |\n");
        }
        if (vars.get("ansibleExitStatus") != null) {
            md.append("\n## Redeploy of the stateless services\n\n`ansible-playbook ").append(text(vars.get("ansiblePlaybook")))
                    .append("` exited ").append(vars.get("ansibleExitStatus")).append("; full output in `")
                    .append(text(vars.get("ansibleLog"))).append("` on the runbook host. End of the output:\n\n```\n")
                    .append(text(vars.get("ansibleOutputTail"))).append("\n```\n");
        }
        md.append("\n## Checks after the restore\n\n```\n").append(text(vars.get("verification"))).append("\n```\n\n");
        md.append("## Operator's confirmation\n\n").append(Boolean.TRUE.equals(vars.get("platformWorks")) ? "The platform works." : "Not confirmed.")
                .append(vars.get("confirmationNotes") == null ? "" : "\n\n" + vars.get("confirmationNotes")).append("\n");
        return md.toString();
    }

    /** Who did a human step: its assignee, else who completed it as recorded by the process's listeners. */
    private static Object completer(HistoricActivityInstance a, Map<String, Object> vars) {
        if (a.getAssignee() != null || !"userTask".equals(a.getActivityType())) return a.getAssignee();
        return switch (a.getActivityId()) {
            case "task_assess" -> vars.get(FullClusterRecoveryProcess.VAR_ASSESSED_BY);
            case "task_approve" -> vars.get(FullClusterRecoveryProcess.VAR_APPROVED_BY);
            default -> vars.get("completedBy_" + a.getActivityId());
        };
    }

    private static String duration(Date start, Date end) {
        if (end == null) return "";
        Duration d = Duration.ofMillis(end.getTime() - start.getTime());
        return d.toSeconds() >= 60 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String text(Object o) {
        return o == null ? "–" : o.toString();
    }
}
