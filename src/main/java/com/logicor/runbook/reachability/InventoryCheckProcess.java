package com.logicor.runbook.reachability;

import com.logicor.runbook.variables.ProcessVariable;

/** Names and variables of process {@code inventory-check} (bpmn/inventory-check.bpmn), declared once. */
public final class InventoryCheckProcess {

    public static final String KEY = "inventory-check";

    public static final String SERVICE_CHECK_REACHABILITY = "service_check_reachability";
    public static final String GATEWAY_ALL_REACHABLE = "gateway_all_reachable";
    public static final String END_ALL_REACHABLE = "end_all_reachable";
    public static final String END_SOME_UNREACHABLE = "end_some_unreachable";

    /** Variables: counts and a one-line summary for Tasklist/Cockpit (the gateway reads {@code unreachableCount}). */
    public static final ProcessVariable<Long> UNREACHABLE_COUNT = ProcessVariable.number("unreachableCount");
    public static final ProcessVariable<Long> REACHABLE_COUNT = ProcessVariable.number("reachableCount");
    public static final ProcessVariable<String> SUMMARY = ProcessVariable.text("reachabilitySummary");
    /**
     * The full report as a JSON file variable (downloadable in Cockpit). A file is no type {@link ProcessVariable}
     * declares, so this stays a name: written in {@link CheckReachabilityDelegate} only.
     */
    public static final ProcessVariable<org.camunda.bpm.engine.variable.value.TypedValue> REPORT_FILE = ProcessVariable.typed("reachabilityReport");

    private InventoryCheckProcess() {
    }
}
