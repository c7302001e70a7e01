package com.logicor.runbook.reachability;

import static com.logicor.runbook.reachability.InventoryCheckProcess.REACHABLE_COUNT;
import static com.logicor.runbook.reachability.InventoryCheckProcess.REPORT_FILE;
import static com.logicor.runbook.reachability.InventoryCheckProcess.SUMMARY;
import static com.logicor.runbook.reachability.InventoryCheckProcess.UNREACHABLE_COUNT;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Step "Check reachability" of {@code inventory-check}: runs the probes and records the report. */
@Component("checkReachability")
public class CheckReachabilityDelegate implements JavaDelegate {

    static final int SUMMARY_LIMIT = 3900;

    private final ReachabilityCheck check;
    private final ObjectMapper json;

    public CheckReachabilityDelegate(ReachabilityCheck check, ObjectMapper json) {
        this.check = check;
        this.json = json;
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        ReachabilityReport report = check.run();
        String summary = report.summary();
        REACHABLE_COUNT.set(execution, report.okCount());
        UNREACHABLE_COUNT.set(execution, report.failedCount());
        SUMMARY.set(execution, summary.length() > SUMMARY_LIMIT ? summary.substring(0, SUMMARY_LIMIT) + "…" : summary);
        REPORT_FILE.set(execution, Variables.fileValue("reachability-report.json")
                .file(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report))
                .mimeType("application/json").encoding("UTF-8").create());
    }
}
