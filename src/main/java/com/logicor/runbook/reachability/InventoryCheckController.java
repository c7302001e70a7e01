package com.logicor.runbook.reachability;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/inventory")
public class InventoryCheckController {

    private final ReachabilityCheck check;

    public InventoryCheckController(ReachabilityCheck check) {
        this.check = check;
    }

    /** Probes every target now; 200 with the report either way — a failed target is data, not an error. */
    @GetMapping("/check")
    public ReachabilityReport check() {
        return check.run();
    }
}
