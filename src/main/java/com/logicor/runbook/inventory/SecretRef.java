package com.logicor.runbook.inventory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a secret lives: an environment variable or a file. The value itself never appears in the
 * inventory, in process variables or in logs; {@link SecretResolver} reads it at the moment of use.
 * A plain string in the YAML is remembered only as "given inline" so validation can reject it; the
 * string is dropped on the spot.
 */
public record SecretRef(String env, String file, boolean givenInline) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static SecretRef fromYaml(@JsonProperty("env") String env, @JsonProperty("file") String file) {
        return new SecretRef(env, file, false);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SecretRef inline(String ignoredValue) {
        return new SecretRef(null, null, true);
    }

    public static SecretRef ofEnv(String name) {
        return new SecretRef(name, null, false);
    }

    public static SecretRef ofFile(String path) {
        return new SecretRef(null, path, false);
    }

    /** Safe to print: names the reference, never the value. */
    @Override
    public String toString() {
        if (givenInline) return "<inline value rejected>";
        return env != null ? "env:" + env : "file:" + file;
    }
}
