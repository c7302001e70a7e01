package com.logicor.runbook.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.Test;

/** A rule on every gate, not on one of nine: checked over every process in bpmn/. */
class ApprovalGatesTest {

    static List<BpmnModelInstance> processes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            return files.filter(f -> f.toString().endsWith(".bpmn")).sorted().map(f -> Bpmn.readModelFromFile(f.toFile())).toList();
        }
    }

    @Test
    void everyApprovalTaskHasTheApprovalGateOnCreateAssignmentAndComplete() throws IOException {
        int approvalTasks = 0;
        for (BpmnModelInstance model : processes()) {
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                if (!"recovery-approvers".equals(task.getCamundaCandidateGroups())) continue;
                approvalTasks++;
                Set<String> events = task.getExtensionElements() == null ? Set.of() : task.getExtensionElements()
                        .getElementsQuery().filterByType(CamundaTaskListener.class).list().stream()
                        .filter(l -> "${approvalGate}".equals(l.getCamundaDelegateExpression()))
                        .map(CamundaTaskListener::getCamundaEvent).collect(Collectors.toSet());
                assertThat(events).as(task.getId() + " in " + model.getDefinitions().getId())
                        .containsExactlyInAnyOrder("create", "assignment", "complete");
            }
        }
        assertThat(approvalTasks).as("the nine approval tasks and the redeploy's").isEqualTo(10);
    }

    @Test
    void noGatewayDecidesAnApprovalFromAVariable() throws IOException {
        for (BpmnModelInstance model : processes()) {
            for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
                String condition = flow.getConditionExpression() == null ? "" : flow.getConditionExpression().getTextContent();
                assertThat(condition).as(flow.getId()).doesNotContain("'approved'").doesNotContain("${approvalRequired}");
                // after the approval the recovery's restore chain follows the approval row, not the assessment's variables
                if (flow.getId().startsWith("flow_restore_")) assertThat(condition).as(flow.getId()).doesNotContain("affected_");
            }
        }
    }

    @Test
    void aStepMayUseOnlyWhatWasApproved() {
        ApprovalParameters approved = new ApprovalParameters(new TreeMap<>(Map.of("dryRun", "false",
                "restore.etcd.backupRunId", "r1", "restore.postgresql.backupRunId", "r1", "safetyBackup", "true")));
        assertThat(approved.mismatches(new ApprovalParameters(Map.of("dryRun", "false", "restore.etcd.backupRunId", "r1")))).isEmpty();
        assertThat(approved.mismatches(new ApprovalParameters(Map.of("dryRun", "false", "restore.etcd.backupRunId", "r2"))))
                .containsExactly("restore.etcd.backupRunId is r2 but r1 was approved");
        assertThat(approved.mismatches(new ApprovalParameters(Map.of("restore.minio.backupRunId", "r1"))))
                .containsExactly("restore.minio.backupRunId was not approved (now r1)");
        assertThat(approved.mismatches(new ApprovalParameters(Map.of("dryRun", "true")))).hasSize(1);
        assertThat(ApprovalParameters.fromJson(approved.toJson())).isEqualTo(approved);
    }
}
