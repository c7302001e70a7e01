package com.logicor.runbook.inventory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid inventory into a plain list of problems at start-up instead of a stack trace. */
public class InvalidInventoryFailureAnalyzer extends AbstractFailureAnalyzer<InvalidInventoryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidInventoryException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the fields listed above and start again. docs/inventory.md describes every field and its default.",
                null);
    }
}
