-- What an artifact holds, written by the backup and read by the restore, so that no restore parses a path:
-- the database of a PostgreSQL dump or a ClickHouse data backup, the table where a backup is of one table,
-- and an etcd snapshot's revision and hash (as etcdctl snapshot status gives them). Null where it does not apply,
-- and on every row written before this column existed.
alter table runbook_backup_artifact add column database_name varchar(255);
alter table runbook_backup_artifact add column table_name varchar(255);
alter table runbook_backup_artifact add column etcd_revision bigint;
alter table runbook_backup_artifact add column etcd_hash bigint;
