-- Every staged row with the columns the marts need, why it was rejected (if it was), and whether it is a play:
-- the one wide copy of the plays a build keeps (the staging models are views, computed here once). Valid rows
-- start as plays; patch_int_play_rows__set_aside.sql then marks the few that are not plays of their own. Marts
-- read `where is_play`; the import report reads every row. The rows are int_play_sources', where each source
-- lists only the columns it knows: the columns below give every one its place and type, and a column a source
-- does not know is null (union all by name). appendApiPlays shapes new recently-played plays with this same
-- model, over incremental/int_play_sources.sql.
with

-- Every column of a play row, in order, with its type; no rows.
columns as (
    select
        null::bigint as play_key,
        null::varchar as user_name,
        null::varchar as source,
        null::varchar as content_type,
        null::varchar as content_key,
        null::timestamptz as played_at,
        null::bigint as ms_played,
        null::varchar as track_uri,
        null::varchar as track_name,
        null::varchar as artist_name,
        null::varchar as album_name,
        null::varchar as track_cmp,
        null::varchar as artist_cmp,
        null::varchar as album_cmp,
        null::varchar as episode_uri,
        null::varchar as episode_name,
        null::varchar as show_name,
        null::varchar as platform,
        null::varchar as conn_country,
        null::varchar as reason_start,
        null::varchar as reason_end,
        null::boolean as shuffle,
        null::boolean as skipped,
        null::boolean as offline,
        null::timestamptz as offline_at,
        null::boolean as incognito,
        null::bigint as import_id,
        null::bigint as ingest_id,
        null::varchar as source_file,
        null::bigint as row_number,
        null::uhugeint as row_hash,
        null::varchar as reject_reason,
        null::boolean as is_play,
        null::boolean as ms_is_estimated,
    where false
),

sources as (
    select * from int_play_sources
),

play_rows as (
    select * from columns
    union all by name
    select * from sources
)

select
    * replace (reject_reason is null as is_play),
from play_rows
