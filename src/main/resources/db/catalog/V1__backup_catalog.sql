-- Backup catalog: one row per backup run and one per artifact it produced.
-- Plain types that H2 and PostgreSQL read the same way.
create table runbook_backup_run (
    id                  varchar(36)  primary key,
    trigger_kind        varchar(16)  not null,
    requested_by        varchar(255),
    components          varchar(512) not null,
    status              varchar(16)  not null,
    started_at          timestamp with time zone not null,
    finished_at         timestamp with time zone,
    process_instance_id varchar(64),
    message             varchar(4000)
);

create table runbook_backup_artifact (
    id                  varchar(36)   primary key,
    run_id              varchar(36)   not null references runbook_backup_run (id),
    component           varchar(32)   not null,
    node                varchar(255),
    kind                varchar(64)   not null,
    local_location      varchar(2048),
    remote_location     varchar(2048),
    size_bytes          bigint,
    sha256              varchar(64),
    status              varchar(16)   not null,
    started_at          timestamp with time zone not null,
    finished_at         timestamp with time zone,
    process_instance_id varchar(64),
    message             varchar(4000)
);

create index runbook_artifact_component_started on runbook_backup_artifact (component, started_at);
create index runbook_artifact_status on runbook_backup_artifact (status);
create index runbook_artifact_run on runbook_backup_artifact (run_id);
