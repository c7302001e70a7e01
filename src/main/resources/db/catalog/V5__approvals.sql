-- The evidence of a decision on an approval task, written by the engine's task listener in the transaction that
-- completes the task (a rolled-back completion leaves no row). Destructive steps read it, never process variables.
create table runbook_approval (
    id                       varchar(36)   not null primary key,
    root_process_instance_id varchar(64)   not null,
    process_instance_id      varchar(64)   not null,
    process_definition_key   varchar(255)  not null,
    task_id                  varchar(64)   not null,
    task_definition_key      varchar(255)  not null,
    decision                 varchar(16)   not null,
    approver                 varchar(255)  not null,
    starter                  varchar(255),
    assessors                varchar(1000),
    parameters               text          not null,
    decided_at               timestamp with time zone not null
);
create index runbook_approval_root on runbook_approval (root_process_instance_id);
