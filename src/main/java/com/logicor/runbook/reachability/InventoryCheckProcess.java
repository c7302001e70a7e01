package com.logicor.runbook.reachability;

/** Names of process {@code inventory-check} (bpmn/inventory-check.bpmn), declared once. */
public final class InventoryCheckProcess {

    public static final String KEY = "inventory-check";

    public static final String SERVICE_CHECK_REACHABILITY = "service_check_reachability";
    public static final String GATEWAY_ALL_REACHABLE = "gateway_all_reachable";
    public static final String END_ALL_REACHABLE = "end_all_reachable";
    public static final String END_SOME_UNREACHABLE = "end_some_unreachable";

    /** Variables: counts and a one-line summary for Tasklist/Cockpit; the full report as a JSON file. */
    public static final String VAR_UNREACHABLE_COUNT = "unreachableCount";
    public static final String VAR_REACHABLE_COUNT = "reachableCount";
    public static final String VAR_SUMMARY = "reachabilitySummary";
    public static final String VAR_REPORT = "reachabilityReport";

    private InventoryCheckProcess() {
    }
}
