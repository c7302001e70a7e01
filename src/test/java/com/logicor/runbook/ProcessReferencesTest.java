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

    /** ${bean.method(execution)} or ${bean.method(execution, 'literal', …)} (the generated restores' one binding). */
    static final Pattern STEP = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)\\.([A-Za-z][A-Za-z0-9]*)\\(execution((?:, '[a-z0-9_-]+')*)\\)}");
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
                                .noneMatch(m -> m.getName().equals(call.group(2)) && m.getParameterCount() == 1 + literals(call.group(3)).size())) {
                            problems.add(file + ": " + task.getId() + " calls missing method " + call.group(1) + "." + call.group(2));
                        } else if (call.group(1).equals("restoreStep")) {
                            problems.addAll(restorePhaseProblems(app, file + ": " + task.getId(), call.group(2), literals(call.group(3))));
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
            for (var id : com.logicor.runbook.component.ComponentBlueprints.production().ids()) {
                if (!backups.has(com.logicor.runbook.inventory.ComponentId.of(id))) problems.add("component " + id + " has no backup method");
            }
            assertThat(problems).isEmpty();
        }
    }

    static List<String> literals(String args) {
        return args == null || args.isEmpty() ? List.of()
                : java.util.Arrays.stream(args.substring(2).split(", ")).map(a -> a.substring(1, a.length() - 1)).toList();
    }

    /** A restore step names a registered component and, for a phase, one its blueprint declares. */
    static List<String> restorePhaseProblems(ConfigurableApplicationContext app, String where, String method, List<String> args) {
        var runbooks = app.getBean(com.logicor.runbook.component.ComponentRunbooks.class);
        var blueprint = runbooks.blueprints().find(args.get(0));
        if (blueprint.isEmpty() || blueprint.get().restore().isEmpty()) return List.of(where + " names component " + args.get(0) + ", which has no restore");
        if (method.equals("run") && blueprint.get().restore().get().phase(args.get(1)).isEmpty()) {
            return List.of(where + " runs phase " + args.get(1) + ", which " + args.get(0) + "'s blueprint does not declare");
        }
        return List.of();
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
