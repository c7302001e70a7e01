package com.logicor.runbook.component;

/**
 * A component's node-loss play: its process, the input naming what was lost, the variable its preflight resolves it
 * to (what the steps act on), and the name that value is frozen under in an approval ({@code nodeLoss.<component>.<…>}).
 */
public record NodeLossPlay(String processKey, String startInput, String lostVariable, String approvedAs) {
}
