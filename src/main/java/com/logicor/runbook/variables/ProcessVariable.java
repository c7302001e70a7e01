package com.logicor.runbook.variables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * One process variable, its name and type declared once (camunda-bpm-data's style): every read and write of process
 * state goes through one of these, never through {@code getVariable("…")} with a literal. Lists are stored as JSON
 * lists (Spin), not comma-separated text; a list given as text by a caller (a form field, a REST start) is read as
 * comma-separated, so inputs stay easy to type.
 */
public final class ProcessVariable<T> {

    private final String name;
    private final Function<Object, T> reader;
    private final Function<T, Object> writer;

    private ProcessVariable(String name, Function<Object, T> reader, Function<T, Object> writer) {
        this.name = name;
        this.reader = reader;
        this.writer = writer;
    }

    public static ProcessVariable<String> text(String name) {
        return new ProcessVariable<>(name, v -> v == null ? null : v.toString(), v -> v);
    }

    /** A yes/no: only a stored Boolean {@code true} is true (a text "true" typed into a REST call is not). */
    public static ProcessVariable<Boolean> flag(String name) {
        return new ProcessVariable<>(name, v -> v instanceof Boolean b ? b : null, v -> v);
    }

    public static ProcessVariable<Long> number(String name) {
        return new ProcessVariable<>(name, v -> v instanceof Number n ? n.longValue() : null, v -> v);
    }

    public static ProcessVariable<List<String>> list(String name) {
        return new ProcessVariable<>(name, ProcessVariable::readList, v -> v == null ? null
                : Variables.objectValue(new ArrayList<>(v)).serializationDataFormat(Variables.SerializationDataFormats.JSON).create());
    }

    /** A value the engine stores as given (a file, say), written only. */
    public static ProcessVariable<org.camunda.bpm.engine.variable.value.TypedValue> typed(String name) {
        return new ProcessVariable<>(name, v -> null, v -> v);
    }

    public String name() {
        return name;
    }

    public Optional<T> find(VariableScope scope) {
        return Optional.ofNullable(reader.apply(scope.getVariable(name)));
    }

    /** The value; a missing one is a state error that names the variable (a step ran before the one that sets it). */
    public T get(VariableScope scope) {
        return find(scope).orElseThrow(() -> new IllegalStateException("process variable " + name + " is not set"));
    }

    /** The value set on this very scope (a task's own), never one inherited from the process. */
    public Optional<T> findLocal(VariableScope scope) {
        return Optional.ofNullable(reader.apply(scope.getVariableLocal(name)));
    }

    public T getOrDefault(VariableScope scope, T fallback) {
        return find(scope).orElse(fallback);
    }

    public boolean isSet(VariableScope scope) {
        return scope.getVariable(name) != null;
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, writer.apply(value));
    }

    public void setLocal(VariableScope scope, T value) {
        scope.setVariableLocal(name, writer.apply(value));
    }

    /** Sets the value only where the caller gave none (a default). */
    public void setIfAbsent(VariableScope scope, T value) {
        if (!isSet(scope)) set(scope, value);
    }

    /** The value as frozen in an approval: text, lists comma-joined, booleans true/false (missing = false). */
    public String asText(VariableScope scope) {
        Object value = reader.apply(scope.getVariable(name));
        if (value instanceof List<?> l) return String.join(",", l.stream().map(Object::toString).toList());
        return value == null ? "" : value.toString().strip();
    }

    private static List<String> readList(Object value) {
        if (value == null) return null;
        if (value instanceof List<?> l) return l.stream().map(String::valueOf).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (value instanceof String s) return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        throw new IllegalStateException("process variable is neither a list nor text: " + value.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return name;
    }
}
