package com.logicor.runbook.processgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.inventory.InvalidInventoryException;
import com.logicor.runbook.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eighth component (com.logicor.sample, only on the test class path) added the way docs/architecture.md says:
 * its own package and an inventory entry. The generator writes its restore process and its place in both chains of
 * the recovery and in the recovery's forms; the inventory knows it exactly when its package is registered.
 */
class AddedComponentTest {

    static final ComponentBlueprints WITH_SAMPLE = ComponentBlueprints.find(List.of("com.logicor.sample"));

    @TempDir
    Path dataDir;

    @Test
    void itTakesItsPlaceInTheRegulationsOrder() {
        assertThat(WITH_SAMPLE.restorable().stream().map(b -> b.id().id()))
                .containsExactly("keeper", "clickhouse", "etcd", "sample", "postgresql", "minio", "vault");
        assertThat(ComponentBlueprints.production().find("sample")).isEmpty();
    }

    @Test
    void theGeneratorWritesItsRestoreAndItsPlaceInTheRecovery() {
        Map<String, String> files = GeneratedProcesses.files(WITH_SAMPLE);
        BpmnModelInstance restore = Bpmn.readModelFromStream(new java.io.ByteArrayInputStream(files.get("bpmn/restore-sample.bpmn").getBytes()));
        assertThat(path(restore, "start_restore_requested", "service_preflight", "gateway_dry_run")).isNotEmpty();
        assertThat(restore.<FlowNode>getModelElementById("service_restore_data")).isNotNull();
        assertThat(restore.<FlowNode>getModelElementById("task_approve_restore")).isNotNull();

        BpmnModelInstance recovery = Bpmn.readModelFromStream(new java.io.ByteArrayInputStream(
                files.get("bpmn/full-cluster-recovery.bpmn").getBytes()));
        for (String chain : List.of("call_preflight_", "call_restore_")) {
            assertThat(reaches(recovery, chain + "etcd", chain + "sample")).as(chain + "etcd → sample").isTrue();
            assertThat(reaches(recovery, chain + "sample", chain + "postgresql")).as(chain + "sample → postgresql").isTrue();
            assertThat(reaches(recovery, chain + "sample", chain + "etcd")).as(chain + "sample after etcd only").isFalse();
        }
        assertThat(reaches(recovery, "call_preflight_sample", "task_approve")).isTrue();
        assertThat(reaches(recovery, "task_approve", "call_restore_sample")).isTrue();

        assertThat(files.get("forms/recovery-assess.form")).contains("\"affected_sample\"", "\"wipe_sample\"", "\"backupRun_sample\"");
        assertThat(files.get("forms/recovery-approve.form")).contains("\"evidence_sample\"", "\"plan_sample\"");
    }

    @Test
    void theInventoryKnowsItOnlyWhenItsPackageIsRegistered() throws Exception {
        Path inventory = com.logicor.sample.SampleComponentApp.writeInventory(dataDir);
        assertThat(new InventoryLoader(WITH_SAMPLE).load(inventory).component(com.logicor.runbook.inventory.ComponentId.of("sample"))
                .nodes()).hasSize(1);
        assertThatThrownBy(() -> new InventoryLoader(ComponentBlueprints.production()).load(inventory))
                .isInstanceOf(InvalidInventoryException.class).hasMessageContaining("unknown component 'sample'");
    }

    /** Whether a path of sequence flows leads from one node to the other. */
    private static boolean reaches(BpmnModelInstance model, String from, String to) {
        java.util.Deque<FlowNode> todo = new java.util.ArrayDeque<>(List.of(model.<FlowNode>getModelElementById(from)));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            FlowNode node = todo.pop();
            if (!seen.add(node.getId())) continue;
            for (var flow : node.getOutgoing()) {
                if (flow.getTarget().getId().equals(to)) return true;
                todo.push(flow.getTarget());
            }
        }
        return false;
    }

    private static List<String> path(BpmnModelInstance model, String... ids) {
        List<String> found = new ArrayList<>();
        for (String id : ids) if (model.getModelElementById(id) != null) found.add(id);
        return found.size() == ids.length ? found : List.of();
    }

    static ComponentBlueprint sample() {
        return WITH_SAMPLE.of("sample");
    }
}
