-- How each component of a run ended (verified or failed, why, what was measured). Written by the parallel
-- component steps; kept here rather than in process variables, which the parallel jobs would contend for.
create table runbook_backup_outcome (
    run_id       varchar(36)   not null references runbook_backup_run (id),
    component    varchar(32)   not null,
    outcome      varchar(16)   not null,
    reason       varchar(2000),
    details      varchar(8000),
    recorded_at  timestamp with time zone not null,
    primary key (run_id, component)
);
