package com.logicor.runbook.variables;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.RunbookApplication;
import com.logicor.runbook.backup.BackupRuns;
import com.logicor.runbook.backup.ScheduledBackupProcess;
import com.logicor.runbook.keeper.KeeperNodeLossSteps;
import com.logicor.runbook.reachability.InventoryCheckProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A list variable through the real engine of the application (H2, no lab): Spin is active, the list is stored as a
 * JSON list, read back as a list from the database and from history; text given by a caller is still read as a
 * comma-separated list; and what BPMN expressions see of it.
 */
class ListVariableEngineTest {

    @TempDir
    Path dataDir;

    @Test
    void aListIsStoredAsJsonAndReadBackAsAList() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class).run(
                "--server.port=0", "--runbook.data-dir=" + dataDir, "--runbook.inventory=",
                "--runbook.admin.password=list-variable-test", "--camunda.bpm.job-execution.enabled=false")) {
            RuntimeService runtime = app.getBean(RuntimeService.class);
            // any process will do: its first step is asynchronous and no job runs, so the instance waits
            String pi = runtime.startProcessInstanceByKey(InventoryCheckProcess.KEY).getId();
            var config = (ProcessEngineConfigurationImpl) app.getBean(ProcessEngine.class).getProcessEngineConfiguration();
            InInstance in = new InInstance(config, pi);
            ProcessVariable<List<String>> lost = KeeperNodeLossSteps.LOST_NODES;

            in.run(e -> {
                lost.set(e, List.of("keeper-3", "keeper-1"));
                return null;
            });
            ObjectValue stored = runtime.getVariableTyped(pi, lost.name(), false);
            assertThat(stored.getSerializationDataFormat()).as("stored through Spin").isEqualTo("application/json");
            assertThat(stored.getValueSerialized()).isEqualTo("[\"keeper-3\",\"keeper-1\"]");
            List<String> readBack = in.run(lost::get);
            assertThat(readBack).as("read back in a new transaction").containsExactly("keeper-3", "keeper-1");
            String asText = in.run(lost::asText);
            assertThat(asText).isEqualTo("keeper-3,keeper-1");
            assertThat(app.getBean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(pi)
                    .variableName(lost.name()).singleResult().getValue()).isEqualTo(List.of("keeper-3", "keeper-1"));

            // what BPMN sees: a List (a multi-instance collection works); 'empty' works on it, a comparison with '' does not
            assertThat(in.evaluate("${lostNodes}")).isInstanceOf(List.class);
            assertThat(in.evaluate("${empty lostNodes}")).isEqualTo(false);
            in.run(e -> {
                lost.set(e, List.of());
                return null;
            });
            assertThat(in.evaluate("${empty lostNodes}")).isEqualTo(true);
            assertThat(in.evaluate("${lostNodes == ''}")).as("an empty list is not ''").isEqualTo(false);

            // a caller's text (REST start, form field, call activity input) is a list too; the open step rewrites it
            ProcessVariable<List<String>> components = ScheduledBackupProcess.COMPONENTS;
            runtime.setVariable(pi, components.name(), "etcd, keeper");
            List<String> fromText = in.run(components::get);
            assertThat(fromText).containsExactly("etcd", "keeper");
            List<String> collection = in.run(app.getBean(BackupRuns.class)::componentsOf);
            assertThat(collection).as("the multi-instance collection, in the regulation's order").containsExactly("keeper", "etcd");
            in.run(e -> {
                components.set(e, List.of("keeper", "etcd"));
                return null;
            });
            assertThat(runtime.getVariable(pi, components.name())).as("text replaced by a list").isEqualTo(List.of("keeper", "etcd"));
        }
    }

    /** Runs code against the process instance's execution inside an engine command (one transaction each). */
    record InInstance(ProcessEngineConfigurationImpl config, String processInstanceId) {

        <T> T run(Function<ExecutionEntity, T> work) {
            return config.getCommandExecutorTxRequired().execute(context ->
                    work.apply(context.getExecutionManager().findExecutionById(processInstanceId)));
        }

        Object evaluate(String expression) {
            return run(execution -> config.getExpressionManager().createExpression(expression).getValue(execution));
        }
    }
}
