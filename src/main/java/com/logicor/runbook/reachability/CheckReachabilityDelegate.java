package com.logicor.runbook.reachability;

import static com.logicor.runbook.reachability.InventoryCheckProcess.VAR_REACHABLE_COUNT;
import static com.logicor.runbook.reachability.InventoryCheckProcess.VAR_REPORT;
import static com.logicor.runbook.reachability.InventoryCheckProcess.VAR_SUMMARY;
import static com.logicor.runbook.reachability.InventoryCheckProcess.VAR_UNREACHABLE_COUNT;

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
        execution.setVariable(VAR_REACHABLE_COUNT, (int) report.okCount());
        execution.setVariable(VAR_UNREACHABLE_COUNT, (int) report.failedCount());
        execution.setVariable(VAR_SUMMARY, summary.length() > SUMMARY_LIMIT ? summary.substring(0, SUMMARY_LIMIT) + "…" : summary);
        execution.setVariable(VAR_REPORT, Variables.fileValue("reachability-report.json")
                .file(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report))
                .mimeType("application/json").encoding("UTF-8").create());
    }
}
