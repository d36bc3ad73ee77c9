-- Stands in for intermediate/int_play_rows.sql when appendPlays adds one play seen on currently-playing
-- (getvariable('realtime_play_id')) without a rebuild: unless it is already a play, or an extended play of the
-- same content whose interval [ts - ms_played - 60 s, ts + 60 s] holds it (extended data wins). Read by the
-- mart models; incremental/api/superseded_plays.sql removes the scrobbles it replaces.
with

columns as (
    select * from int_play_rows__columns
),

seen as (
    select * from int_realtime_play_rows
    where row_number = getvariable('realtime_play_id') and reject_reason is null
),

-- an extended play ending more than a minute before the play covers none of it (and fct_play's row groups
-- before that are skipped); in epoch milliseconds: timestamptz arithmetic goes through ICU and costs ~10x as much
extended as (
    select user_key, track_key, episode_key, epoch_ms(played_at) as played_ms, ms_played
    from fct_play
    where source = 'extended' and played_at >= (select min(played_at) from seen) - interval 60 second
),

-- the play if fct_play holds it already (recently-played's): the same key means the same played_at
known as (
    select play_key from fct_play
    where played_at >= (select min(played_at) from seen) and play_key in (select play_key from seen)
),

new_plays as (
    select *
    from seen
    where play_key not in (select play_key from known)
        and not exists (
            select 1
            from extended
            where extended.user_key = surrogate_key('user:' || seen.user_name)
                -- fct_play holds a merged track under the key it was merged into (int_rule_merges)
                and coalesce(extended.track_key, extended.episode_key) = coalesce(
                    (
                        select into_key from int_rule_merges
                        where item = 'track' and from_key = own_track_key(seen.content_type, seen.content_key)
                    ),
                    surrogate_key(seen.content_type || ':' || seen.content_key)
                )
                and epoch_ms(seen.played_at)
                between extended.played_ms - extended.ms_played - 60000 and extended.played_ms + 60000
        )
),

play_rows as (
    select * from columns
    union all by name
    select * from new_plays
)

select
    * replace (reject_reason is null as is_play),
    own_artist_key(content_type, artist_cmp) as own_artist_key,
    own_track_key(content_type, content_key) as own_track_key,
    own_album_key(content_type, artist_cmp, album_cmp) as own_album_key,
from play_rows
