package com.logicor.runbook.approval;

/** A destructive step, claim or completion refused because the evidence of an approval is missing or differs. */
public class ApprovalRefusedException extends RuntimeException {

    public ApprovalRefusedException(String message) {
        super(message);
    }
}
