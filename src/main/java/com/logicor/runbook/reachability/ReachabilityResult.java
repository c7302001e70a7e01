package com.logicor.runbook.reachability;

/** One target of the inventory: reachable or not, why, and how long the probe took. */
public record ReachabilityResult(String kind, String target, String address, boolean ok, String reason,
                                 long latencyMillis) {

    public static final String HOST = "host";
    public static final String ENGINE = "docker-engine";
    public static final String STORAGE = "storage";
    public static final String ENDPOINT = "endpoint";
}
