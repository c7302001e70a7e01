package com.logicor.runbook.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import com.logicor.runbook.approval.ApprovalParameters;
import com.logicor.runbook.approval.ApprovalRecord;
import com.logicor.runbook.approval.ApprovalRecords;
import com.logicor.runbook.approval.CaseHistory;
import com.logicor.runbook.security.EngineAsSystem;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import com.logicor.runbook.component.ComponentBlueprints;
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
    private final ApprovalRecords approvals;
    private final CaseHistory cases;
    private final EngineAsSystem system;
    private final ComponentBlueprints blueprints;

    public IncidentRecordWriter(HistoryService history, ApprovalRecords approvals, CaseHistory cases, EngineAsSystem system,
                                ComponentBlueprints blueprints) {
        this.blueprints = blueprints;
        this.history = history;
        this.approvals = approvals;
        this.cases = cases;
        this.system = system;
    }

    /** Who assessed, approved and confirmed: from the operation log and the approval rows, never from variables. */
    public record Witnesses(String assessedBy, String approvedBy, String confirmedBy) {}

    public Witnesses witnesses(String processInstanceId) {
        String approvedBy = String.join(", ", approvals.ofRoot(processInstanceId).stream()
                .filter(ApprovalRecord::approved).map(ApprovalRecord::approver).distinct().toList());
        return new Witnesses(cases.completerOf(processInstanceId, "task_assess"), approvedBy.isEmpty() ? null : approvedBy,
                cases.completerOf(processInstanceId, "task_confirm"));
    }

    public String markdown(String processInstanceId, Map<String, Object> vars) {
        return system.call(() -> write(processInstanceId, vars));
    }

    private String write(String processInstanceId, Map<String, Object> vars) {
        StringBuilder md = new StringBuilder();
        HistoricProcessInstance root = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
        Witnesses who = witnesses(processInstanceId);
        List<ApprovalRecord> decisions = approvals.ofRoot(processInstanceId);
        ApprovalParameters approved = decisions.stream().filter(ApprovalRecord::approved).reduce((a, b) -> b)
                .map(ApprovalRecord::parameters).orElse(null);
        Map<String, String> completers = cases.completers(processInstanceId);
        md.append("# Incident: ").append(text(vars.get("incidentTitle"))).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| severity | ").append(text(vars.get("severity"))).append(" |\n");
        md.append("| recovery process | `").append(processInstanceId).append("` (full-cluster-recovery) |\n");
        md.append("| reported | ").append(root.getStartTime().toInstant()).append(" by ").append(text(root.getStartUserId())).append(" |\n");
        md.append("| assessed by | ").append(text(who.assessedBy())).append(" |\n");
        md.append("| approved by | ").append(text(who.approvedBy())).append(" |\n");
        md.append("| confirmed by | ").append(text(who.confirmedBy())).append(" |\n");
        md.append("| dry run | ").append(Boolean.TRUE.equals(vars.get("dryRun")) ? "yes" : "no").append(" |\n\n");
        if (vars.get("description") != null) md.append("## What happened\n\n").append(vars.get("description")).append("\n\n");

        md.append("## Approval\n\n");
        if (decisions.isEmpty()) md.append("no approval was recorded\n\n");
        for (ApprovalRecord d : decisions) {
            md.append("- ").append(d.decidedAt().toInstant()).append(": **").append(d.decision().name().toLowerCase())
                    .append("** by ").append(d.approver()).append(" (").append(d.taskDefinitionKey()).append(" of ")
                    .append(d.processDefinitionKey()).append("; started by ").append(text(d.starter()))
                    .append(", assessed by ").append(d.assessors() == null || d.assessors().isBlank() ? "–" : d.assessors())
                    .append(")\n\n```\n").append(d.parameters().describe()).append("\n```\n");
        }
        md.append("\n## Components restored and the artifacts used\n\n");
        boolean any = false;
        for (String c : blueprints.restorable().stream().map(b -> b.id().id()).toList()) {
            String run = approved == null ? null : approved.get("restore." + c + ".backupRunId");
            if (run == null) continue;
            any = true;
            md.append("### ").append(c).append("\n\nbackup run `").append(run).append("`")
                    .append(vars.get(FullClusterRecoveryProcess.perComponent("failure", c)) == null ? "" : " — **restore failed: " + vars.get(FullClusterRecoveryProcess.perComponent("failure", c)) + "**")
                    .append("\n\n```\n").append(text(vars.get(FullClusterRecoveryProcess.perComponent("evidence", c)))).append("\n```\n\n");
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
                    .append(duration(a.getStartTime(), a.getEndTime())).append(" | ").append(text(completer(a, completers)))
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

    /** Who did a human step: who completed it (the engine's operation log), else its assignee. */
    private static Object completer(HistoricActivityInstance a, Map<String, String> completers) {
        if (!"userTask".equals(a.getActivityType())) return null;
        String user = a.getTaskId() == null ? null : completers.get(a.getTaskId());
        return user != null ? user : a.getAssignee();
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
