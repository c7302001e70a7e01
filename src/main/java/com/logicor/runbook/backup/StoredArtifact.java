package com.logicor.runbook.backup;

/**
 * An artifact that was stored and verified: its catalog id, where it is, its size and the sha256 of the
 * stored bytes (after compression) — what a restore checks before it touches anything.
 */
public record StoredArtifact(String catalogId, String component, String node, String kind, String fileName,
                             String remoteKey, String localPath, long size, String sha256) {
}
