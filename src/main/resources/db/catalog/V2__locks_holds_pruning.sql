-- One backup of a component at a time, across every runbook node sharing this database.
create table runbook_component_lock (
    component   varchar(32)  primary key,
    run_id      varchar(36)  not null,
    holder      varchar(255) not null,
    acquired_at timestamp with time zone not null,
    expires_at  timestamp with time zone not null
);

-- Artifacts an open recovery has chosen: retention never prunes them.
create table runbook_artifact_hold (
    artifact_id varchar(36)  not null references runbook_backup_artifact (id),
    holder      varchar(64)  not null,
    reason      varchar(255),
    created_at  timestamp with time zone not null,
    primary key (artifact_id, holder)
);

-- Retention removes the local copy and the remote object separately.
alter table runbook_backup_artifact add column local_pruned_at timestamp with time zone;
alter table runbook_backup_artifact add column remote_pruned_at timestamp with time zone;

-- Where the run's manifest.json went.
alter table runbook_backup_run add column manifest_location varchar(2048);
