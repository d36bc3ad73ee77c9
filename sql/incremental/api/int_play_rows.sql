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

extended as (
    select user_key, track_key, played_at, ms_played from fct_play where source = 'extended'
),

new_plays as (
    select *
    from api
    where play_key not in (select play_key from fct_play)
        and not exists (
            select 1
            from extended
            where extended.user_key = surrogate_key('user:' || api.user_name)
                -- fct_play holds a merged track under the key it was merged into (int_rule_merges)
                and extended.track_key = coalesce(
                    (
                        select into_key from int_rule_merges
                        where item = 'track' and from_key = own_track_key(api.content_type, api.content_key)
                    ),
                    own_track_key(api.content_type, api.content_key)
                )
                and api.played_at
                between extended.played_at - to_milliseconds(extended.ms_played) - interval 60 second
                and extended.played_at + interval 60 second
        )
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
