package com.logicor.runbook.manifest;

import com.logicor.runbook.catalog.BackupArtifact;
import com.logicor.runbook.streams.Compression;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one artifact reads in a run's manifest: the one mapping that the writer (close of a backup run) and the
 * restore's check share, so that both compare the same fields by the same names.
 */
public final class ManifestEntry {

    /**
     * Manifest field → catalog column, for the fields a restore relies on; named in a refusal. A field that an older
     * manifest lacks reads as null (database … etcdHash came with catalog V6, and rows older than that have none).
     */
    static final Map<String, String> CHECKED = orderedMap(
            "component", "component",
            "kind", "kind",
            "node", "node",
            "remote", "remote_location",
            "local", "local_location",
            "sizeBytes", "size_bytes",
            "sha256", "sha256",
            "compression", "(file extension of the location)",
            "database", "database_name",
            "table", "table_name",
            "etcdRevision", "etcd_revision",
            "etcdHash", "etcd_hash");

    private ManifestEntry() {
    }

    /** The artifact's manifest entry, fields in a fixed order. */
    public static Map<String, Object> of(BackupArtifact a) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", a.id());
        entry.put("component", a.component());
        entry.put("node", a.node());
        entry.put("kind", a.kind());
        entry.put("status", a.status().code());
        entry.put("remote", a.remoteLocation());
        entry.put("local", a.localLocation());
        entry.put("sizeBytes", a.sizeBytes());
        entry.put("sha256", a.sha256());
        entry.put("compression", compressionOf(a.remoteLocation() != null ? a.remoteLocation() : a.localLocation()));
        entry.put("database", a.database());
        entry.put("table", a.table());
        entry.put("etcdRevision", a.etcdRevision());
        entry.put("etcdHash", a.etcdHash());
        return entry;
    }

    /** zstd, gzip or none, as the store names the file; null without a location (a failed artifact). */
    static String compressionOf(String location) {
        return location == null ? null : Compression.ofLocation(location).code();
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
