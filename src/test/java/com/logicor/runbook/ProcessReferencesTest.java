package com.logicor.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every process in bpmn/ points at things that exist: each delegateExpression at a bean, each formRef at
 * a file in forms/, each process has a history time to live; every one of them is deployed; and every
 * component of the inventory has a registered backup method.
 */
class ProcessReferencesTest {

    static final Pattern STEP = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)\\.([A-Za-z][A-Za-z0-9]*)\\(execution\\)}");
    static final Pattern BEAN = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)}$");

    @TempDir
    Path dataDir;

    @Test
    void everyReferenceResolves() throws IOException {
        List<Path> models;
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            models = files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
        }
        assertThat(models).isNotEmpty();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class).run(
                "--server.port=0", "--runbook.data-dir=" + dataDir, "--runbook.inventory=",
                "--runbook.admin.password=references-test", "--camunda.bpm.job-execution.enabled=false")) {
            var repository = app.getBean(org.camunda.bpm.engine.RepositoryService.class);
            List<String> problems = new ArrayList<>();
            for (Path file : models) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                for (Process process : model.getModelElementsByType(Process.class)) {
                    if (process.getCamundaHistoryTimeToLiveString() == null) {
                        problems.add(file + ": process " + process.getId() + " has no historyTimeToLive");
                    }
                    if (repository.createProcessDefinitionQuery().processDefinitionKey(process.getId()).count() == 0) {
                        problems.add(file + ": process " + process.getId() + " is not deployed");
                    }
                }
                for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                    String expression = task.getCamundaDelegateExpression();
                    Matcher bean = expression == null ? null : BEAN.matcher(expression);
                    Matcher call = task.getCamundaExpression() == null ? null : STEP.matcher(task.getCamundaExpression());
                    if (call != null && call.matches()) {
                        if (!app.containsBean(call.group(1))) {
                            problems.add(file + ": " + task.getId() + " refers to missing bean " + call.group(1));
                        } else if (java.util.Arrays.stream(app.getType(call.group(1)).getMethods())
                                .noneMatch(m -> m.getName().equals(call.group(2)) && m.getParameterCount() == 1)) {
                            problems.add(file + ": " + task.getId() + " calls missing method " + call.group(1) + "." + call.group(2));
                        }
                    } else if (bean == null || !bean.matches()) {
                        problems.add(file + ": " + task.getId() + " must use delegateExpression ${beanName} or expression ${bean.step(execution)}");
                    } else if (!app.containsBean(bean.group(1))) {
                        problems.add(file + ": " + task.getId() + " refers to missing bean " + bean.group(1));
                    }
                }
                for (var called : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.CallActivity.class)) {
                    if (repository.createProcessDefinitionQuery().processDefinitionKey(called.getCalledElement()).count() == 0) {
                        problems.add(file + ": " + called.getId() + " calls " + called.getCalledElement() + ", which is not deployed");
                    }
                }
                for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                    String formRef = task.getCamundaFormRef();
                    if (formRef != null && !formExists(formRef)) {
                        problems.add(file + ": " + task.getId() + " refers to missing form " + formRef);
                    }
                }
            }
            var backups = app.getBean(com.logicor.runbook.backup.ComponentBackups.class);
            for (var id : com.logicor.runbook.inventory.ComponentId.values()) {
                if (!backups.has(id)) problems.add("component " + id.id() + " has no backup method");
            }
            assertThat(problems).isEmpty();
        }
    }

    /** A Camunda Form's reference is the "id" inside some forms/*.form file. */
    static boolean formExists(String formRef) throws IOException {
        try (Stream<Path> forms = Files.list(Path.of("forms"))) {
            return forms.filter(f -> f.toString().endsWith(".form")).anyMatch(f -> {
                try {
                    return Files.readString(f).matches("(?s).*\"id\"\\s*:\\s*\"" + Pattern.quote(formRef) + "\".*");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
