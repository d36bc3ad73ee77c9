-- Every run of every job (scheduled, at start-up, or from the CLI), and the problems notified about.

create sequence if not exists job_run_id_seq start 1;

create table if not exists job_run (
    run_id bigint primary key,
    job varchar not null,
    trigger varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    attempts integer not null default 1,
    counts json,
    error varchar
);

-- One row per open problem (a failing job); a notice is sent when the row is created, never again while it
-- stays. A job's next success removes its problem, so a later failure is news again.
create table if not exists job_problem (
    problem_key varchar primary key,
    job varchar not null,
    first_seen timestamptz not null,
    last_seen timestamptz not null,
    message varchar not null
);
