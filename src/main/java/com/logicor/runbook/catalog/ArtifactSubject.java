package com.logicor.runbook.catalog;

/**
 * What an artifact holds, beyond its component, node and kind: recorded by the backup so that a restore reads it
 * from the catalog (and the signed manifest vouches for it) instead of parsing a file name. Every field is null
 * where it does not apply.
 *
 * @param database     the database of a PostgreSQL dump or a ClickHouse data backup
 * @param table        the table, for a backup of one table
 * @param etcdRevision an etcd snapshot's revision ({@code etcdctl snapshot status})
 * @param etcdHash     an etcd snapshot's hash ({@code etcdctl snapshot status})
 */
public record ArtifactSubject(String database, String table, Long etcdRevision, Long etcdHash) {

    /** Nothing beyond component, node and kind: a tar of files, a whole-cluster dump, a raft snapshot, a bundle. */
    public static final ArtifactSubject NONE = new ArtifactSubject(null, null, null, null);

    public static ArtifactSubject database(String database) {
        return new ArtifactSubject(database, null, null, null);
    }

    public static ArtifactSubject table(String database, String table) {
        return new ArtifactSubject(database, table, null, null);
    }

    public static ArtifactSubject etcdSnapshot(long revision, long hash) {
        return new ArtifactSubject(null, null, revision, hash);
    }
}
