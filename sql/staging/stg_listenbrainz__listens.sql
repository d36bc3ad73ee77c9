-- One row per ListenBrainz listen (landed, or pending in an import): renamed, cast and normalised, in the shape of
-- stg_lastfm__scrobbles. A listen is stamped when the track started; it counts the track's duration when the
-- export gives one (additional_info.duration_ms), else 210 s, marked ms_is_estimated either way. When it ended,
-- its identity and its rejection are decided with the Last.fm scrobbles', in int_play_rows.
with

source as (
    select * from raw_listenbrainz_listen
    union all by name
    select * from pending_raw_listenbrainz_listen
)

select
    user_name,
    import_id,
    source_file,
    row_number,
    row_hash,
    to_timestamp(try_cast(listened_at as bigint)) as started_at,
    coalesce(
        nullif(greatest(try_cast(track_metadata -> 'additional_info' ->> 'duration_ms' as bigint), 0), 0),
        nullif(greatest(try_cast(track_metadata -> 'additional_info' ->> 'duration' as bigint), 0), 0) * 1000,
        210000
    ) as ms_played,
    clean_name(track_metadata ->> 'artist_name') as artist_name,
    clean_name(track_metadata ->> 'track_name') as track_name,
    clean_name(track_metadata ->> 'release_name') as album_name,
    compared_name(track_metadata ->> 'artist_name') as artist_cmp,
    compared_name(track_metadata ->> 'track_name') as track_cmp,
    compared_name(track_metadata ->> 'release_name') as album_cmp,
from source
