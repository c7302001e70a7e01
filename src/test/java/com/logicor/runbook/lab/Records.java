package com.logicor.runbook.lab;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds and copies inventory records (Component, Node, ...) by component name, so that tests keep compiling
 * when a record gains a field: unnamed fields are null (the record's own defaults then apply) or copied.
 */
public final class Records {

    private Records() {
    }

    /** A new record with the named fields set and every other one null. */
    public static <R extends Record> R of(Class<R> type, Map<String, ?> fields) {
        return build(type, fields, null);
    }

    /** A copy of {@code record} with the named fields replaced. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R record, Map<String, ?> fields) {
        return build((Class<R>) record.getClass(), fields, record);
    }

    public static <R extends Record> R with(R record, String field, Object value) {
        Map<String, Object> one = new HashMap<>();
        one.put(field, value);
        return with(record, one);
    }

    private static <R extends Record> R build(Class<R> type, Map<String, ?> fields, R from) {
        RecordComponent[] components = type.getRecordComponents();
        for (String name : fields.keySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(name))) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no field " + name);
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                if (fields.containsKey(c.getName())) {
                    args[i] = fields.get(c.getName());
                } else if (from != null) {
                    args[i] = c.getAccessor().invoke(from);
                } else if (c.getType() == boolean.class) {
                    args[i] = false;
                }
            }
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
