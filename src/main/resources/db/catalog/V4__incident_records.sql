-- The record of a recovery, written by the "Document incident" step of full-cluster-recovery.
create table runbook_incident_record (
    process_instance_id varchar(64)   not null primary key,
    title               varchar(500),
    severity            varchar(32),
    assessed_by         varchar(255),
    approved_by         varchar(255),
    documented_by       varchar(255),
    markdown            text          not null,
    created_at          timestamp with time zone not null
);
