package com.logicor.runbook.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps binding going past a bad field so that one run reports every unknown field and wrong type, each
 * with its YAML path and line, instead of stopping at the first.
 */
final class YamlProblemCollector extends DeserializationProblemHandler {

    private final List<InventoryProblem> problems = new ArrayList<>();

    List<InventoryProblem> problems() {
        return problems;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        Collection<Object> known = deserializer.getKnownPropertyNames();
        String hint = known == null || known.isEmpty() ? "" : "; known fields: " + String.join(", ",
                new TreeSet<>(known.stream().map(String::valueOf).toList()));
        add(pathOf(p.getParsingContext(), propertyName), p, "unknown field '" + propertyName + "'" + hint);
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                         String failureMsg) {
        JsonParser p = ctxt.getParser();
        add(pathOf(p.getParsingContext(), null), p,
                "expected " + describe(targetType) + ", got '" + value + "'" + detail(failureMsg));
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                         String failureMsg) {
        JsonParser p = ctxt.getParser();
        add(pathOf(p.getParsingContext(), null), p, "expected " + describe(targetType) + ", got number " + value);
        return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        add(pathOf(p.getParsingContext(), null), p,
                "expected " + describe(targetType.getRawClass()) + ", got " + describeToken(t));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                                             Throwable t) {
        JsonParser p = ctxt.getParser();
        add(pathOf(p.getParsingContext(), null), p, "cannot be read as " + describe(instClass) + ": " + t.getMessage());
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
        add(pathOf(p.getParsingContext(), null), p,
                "expected " + describe(instClass) + ", got " + describeToken(p.currentToken()));
        p.skipChildren();
        return null;
    }

    private void add(String path, JsonParser p, String reason) {
        var location = p.currentLocation();
        String at = location == null || location.getLineNr() < 0 ? "" : " (line " + location.getLineNr() + ")";
        problems.add(new InventoryProblem(path, reason + at));
    }

    /** {@code components[2].nodes[0].port} from Jackson's parsing context. */
    static String pathOf(JsonStreamContext context, String extraField) {
        List<String> parts = new ArrayList<>();
        if (extraField != null) parts.add("." + extraField);
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.inObject() && c.getCurrentName() != null && !(c == context && extraField != null)) {
                parts.add("." + c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) path.append(parts.get(i));
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class) return "a whole number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a text value";
        if (type == java.time.Duration.class) return "a duration such as 30s, 10m, 1h or 30d";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (java.util.Map.class.isAssignableFrom(type)) return "a mapping";
        if (type == SecretRef.class) return "a secret reference {env: NAME} or {file: /path}";
        return "a mapping (" + type.getSimpleName() + ")";
    }

    private static String describeToken(JsonToken t) {
        if (t == null) return "nothing";
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_STRING -> "a text value";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "an empty value";
            default -> t.toString();
        };
    }

    private static String detail(String failureMsg) {
        return failureMsg == null || failureMsg.isBlank() ? "" : " (" + failureMsg + ")";
    }
}
