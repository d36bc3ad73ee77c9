-- Stands in for intermediate/int_play_rows.sql when appendPlays adds one recently-played response without a
-- rebuild: the response's tracks that are not already plays (the same API play from an earlier poll) and not an
-- extended play of the same track whose interval [ts - ms_played - 60 s, ts + 60 s] contains their played_at
-- (extended data wins), in the shape of every play row. Read by the mart models.
with

columns as (
    select * from int_play_rows__columns
),

api as (
    select * from int_api_play_rows where ingest_id = getvariable('ingest_id') and reject_reason is null
),

-- each of the response's plays with its listener and the key fct_play holds its track under (a merged track under
-- the key it was merged into: int_rule_merges)
api_tracks as (
    select
        play_key,
        surrogate_key('user:' || user_name) as user_key,
        coalesce(
            (
                select into_key from int_rule_merges
                where item = 'track' and from_key = own_track_key(api.content_type, api.content_key)
            ),
            own_track_key(api.content_type, api.content_key)
        ) as track_key,
        epoch_ms(played_at) as played_ms,
    from api
),

-- the extended plays of those listeners and tracks, in epoch milliseconds (timestamptz arithmetic goes through ICU
-- and costs ~10x as much)
extended as (
    select user_key, track_key, epoch_ms(played_at) as played_ms, ms_played
    from fct_play
    where source = 'extended' and track_key in (select track_key from api_tracks)
        -- an extended play ending more than a minute before the response's first play covers none of it (and
        -- fct_play's row groups before that are skipped)
        and played_at >= (select min(played_at) from api) - interval 60 second
),

-- the response's plays fct_play holds already (an earlier poll's): the same key means the same played_at
known as (
    select play_key from fct_play
    where played_at >= (select min(played_at) from api) and play_key in (select play_key from api)
),

-- the response's plays an extended play covers (a play covered twice is here twice: `not in` does not mind)
covered as (
    select api_tracks.play_key
    from api_tracks
    join extended using (user_key, track_key)
    where api_tracks.played_ms
        between extended.played_ms - extended.ms_played - 60000 and extended.played_ms + 60000
),

new_plays as (
    select *
    from api
    where play_key not in (select play_key from known)
        and play_key not in (select play_key from covered)
    qualify row_number() over (partition by play_key order by played_at) = 1
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
