-- Quarantine of a damaged copy: when a restore reads a copy back and it fails its check (sha256, size, format),
-- the reader records that copy as damaged, with the reason and when. Per copy, because the other copy may be
-- intact (a damaged S3 object beside a sound local file). The status stays what the backup made it: an artifact
-- whose every copy is damaged is left out of "newest verified" by the queries, and the signed manifest, which
-- knows nothing of later damage, still vouches for the row. Only the reader's own check sets these columns.
alter table runbook_backup_artifact add column local_damaged_at timestamp with time zone;
alter table runbook_backup_artifact add column local_damage varchar(4000);
alter table runbook_backup_artifact add column remote_damaged_at timestamp with time zone;
alter table runbook_backup_artifact add column remote_damage varchar(4000);
