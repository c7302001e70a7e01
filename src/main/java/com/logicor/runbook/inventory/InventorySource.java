package com.logicor.runbook.inventory;

/** Where the running inventory came from, for status pages and the reachability report. */
public record InventorySource(String location) {}
