package com.logicor.runbook.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an approval approves, as flat, sorted {@code name → value} text (e.g. {@code dryRun=false},
 * {@code restore.etcd.backupRunId=42}, {@code restore.clickhouse.overwrite=true}). Frozen in the approval row when
 * the approver decides; a destructive step compares the parameters it is about to use with it.
 */
public record ApprovalParameters(SortedMap<String, String> values) {

    public ApprovalParameters(Map<String, String> values) {
        this(new TreeMap<>(values));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public ApprovalParameters {
        values = new TreeMap<>(values);
    }

    public static ApprovalParameters fromJson(String json) {
        try {
            return new ApprovalParameters(JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("approval parameters are not readable: " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String get(String name) {
        return values.get(name);
    }

    /** Every parameter of {@code inUse} has the same value here; what differs or is missing, in words. */
    public List<String> mismatches(ApprovalParameters inUse) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : inUse.values().entrySet()) {
            String approved = values.get(e.getKey());
            if (approved == null) {
                problems.add(e.getKey() + " was not approved (now " + e.getValue() + ")");
            } else if (!approved.equals(e.getValue())) {
                problems.add(e.getKey() + " is " + e.getValue() + " but " + approved + " was approved");
            }
        }
        return problems;
    }

    /** One line per parameter, for the approval form and the incident record. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append(" = ").append(v.isEmpty() ? "(none)" : v).append('\n'));
        return text.toString().stripTrailing();
    }
}
