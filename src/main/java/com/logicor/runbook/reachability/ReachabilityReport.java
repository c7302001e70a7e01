package com.logicor.runbook.reachability;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Every host, engine, storage and component endpoint of the inventory, probed once. */
public record ReachabilityReport(String inventory, Instant checkedAt, List<ReachabilityResult> results) {

    public long okCount() {
        return results.stream().filter(ReachabilityResult::ok).count();
    }

    public long failedCount() {
        return results.size() - okCount();
    }

    public List<ReachabilityResult> failed() {
        return results.stream().filter(r -> !r.ok()).toList();
    }

    /** One line for a task list or a process variable: counts and the failed targets with their reasons. */
    public String summary() {
        String head = okCount() + " ok, " + failedCount() + " failed";
        if (failedCount() == 0) return head;
        return head + ": " + failed().stream().map(r -> r.kind() + " " + r.target() + " (" + r.reason() + ")")
                .collect(Collectors.joining("; "));
    }
}
