-- One row per ListenBrainz listen: renamed, cast and normalised, in the shape of
-- stg_lastfm__scrobbles. A listen is stamped when the track started; it counts how long it played when the file
-- says (additional_info.ms_played, which this program's own export writes), else the track's duration when the
-- export gives one (additional_info.duration_ms), else 210 s, marked ms_is_estimated either way. An episode or
-- audiobook chapter from this program's export (additional_info.content_type) keeps its type and Spotify URI:
-- its show or book is the artist, the episode the track. When it ended, its identity and its rejection are decided
-- with the Last.fm scrobbles', in int_play_rows.
with

source as (
    select * from raw_listenbrainz_listen
)

select
    user_name,
    import_id,
    source_file,
    row_number,
    row_hash,
    to_timestamp(try_cast(listened_at as bigint)) as started_at,
    coalesce(
        if(
            try_cast(track_metadata -> 'additional_info' ->> 'ms_played' as bigint) >= 0,
            try_cast(track_metadata -> 'additional_info' ->> 'ms_played' as bigint),
            null
        ),
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
    case
        when track_metadata -> 'additional_info' ->> 'content_type' in ('episode', 'audiobook')
            then track_metadata -> 'additional_info' ->> 'content_type'
    end as content_type,
    nullif(trim(track_metadata -> 'additional_info' ->> 'spotify_uri'), '') as content_uri,
from source
