package com.logicor.runbook.engineapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.stereotype.Component;

/**
 * The fields of a task's or a start event's Camunda Form ({@code formRef}): {@code key → readonly}. What a
 * completion or a form start may submit is exactly these keys; a read-only field may only come back unchanged.
 */
@Component
public class FormFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FormService forms;

    public FormFields(FormService forms) {
        this.forms = forms;
    }

    /** Empty when the task has no deployed Camunda Form. */
    public Optional<Map<String, Boolean>> ofTask(String taskId) {
        return read(() -> forms.getDeployedTaskForm(taskId));
    }

    public Optional<Map<String, Boolean>> ofStart(String processDefinitionId) {
        return read(() -> forms.getDeployedStartForm(processDefinitionId));
    }

    private static Optional<Map<String, Boolean>> read(Supplier<InputStream> form) {
        try (InputStream in = form.get()) {
            Map<String, Boolean> fields = new LinkedHashMap<>();
            collect(JSON.readTree(in), fields);
            return Optional.of(fields);
        } catch (NotFoundException | IOException e) {
            return Optional.empty();
        } catch (ProcessEngineException e) {
            // "no form key / not a deployed form": the step has no Camunda Form
            return Optional.empty();
        }
    }

    private static void collect(JsonNode node, Map<String, Boolean> fields) {
        for (JsonNode c : node.path("components")) {
            if (c.hasNonNull("key") && !"text".equals(c.path("type").asText())) {
                fields.put(c.get("key").asText(), c.path("readonly").asBoolean(false) || c.path("disabled").asBoolean(false));
            }
            collect(c, fields);
        }
    }
}
