-- Each job's latest finished run (its status and how long it took) and latest success, for /metrics.
with

finished as (
    select job, status, started_at, finished_at,
        row_number() over (partition by job order by run_id desc) as newest,
    from job_run
    where finished_at is not null and status <> 'skipped'
)

select
    job,
    max(epoch_ms(started_at)) filter (where status = 'succeeded') as last_success_ms,
    any_value(epoch_ms(finished_at) - epoch_ms(started_at)) filter (where newest = 1) as last_duration_ms,
    bool_or(status = 'failed') filter (where newest = 1) as last_failed,
from finished
group by job
order by job
