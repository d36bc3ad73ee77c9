-- The staged rows that are valid but are not plays of their own, so int_plays can be "valid rows minus these".
-- Few rows: keeping the losers rather than the winners saves a wide copy of every play. Rules (pinned by
-- tests/import_rules_test.ts):
-- * Extended rows with the same user, timestamp and content are one play; the row with the largest ms_played wins.
-- * Account rows identical in (endTime, names, msPlayed) are one play.
-- * An account music row whose names equal an extended track play that ended in the same minute (±1 minute) is
--   that play and adds nothing: extended data has URIs and seconds. Each account row is judged on its own.
with

extended as (
    select * from stg_spotify__extended_plays where reject_reason is null
),

account as (
    select * from stg_spotify__account_plays where reject_reason is null
),

extended_repeated_keys as (
    select user_name, content_key, played_at
    from extended
    group by all
    having count(*) > 1
),

extended_losers as (
    select 'extended' as source, user_name, row_hash
    from extended
    semi join extended_repeated_keys using (user_name, content_key, played_at)
    qualify row_number() over (
        partition by user_name, content_key, played_at
        order by ms_played desc, import_id, source_file, row_number
    ) > 1
),

account_repeats as (
    select 'account' as source, user_name, row_hash
    from account
    qualify row_number() over (
        partition by user_name, content_type, content_key, played_at, ms_played
        order by import_id, source_file, row_number
    ) > 1
),

extended_track_minutes as (
    select distinct
        user_name,
        artist_cmp,
        track_cmp,
        date_trunc('minute', played_at) as played_minute,
    from extended
    where content_type = 'track' and artist_cmp is not null and track_cmp is not null
),

account_in_extended as (
    select 'account' as source, user_name, row_hash
    from account as account_row
    where content_type = 'track'
        and exists (
            select 1
            from extended_track_minutes as extended_track
            where extended_track.user_name = account_row.user_name
                and extended_track.artist_cmp = account_row.artist_cmp
                and extended_track.track_cmp = account_row.track_cmp
                and extended_track.played_minute between account_row.played_at - interval 1 minute
                and account_row.played_at + interval 1 minute
        )
)

select * from extended_losers
union
select * from account_repeats
union
select * from account_in_extended
