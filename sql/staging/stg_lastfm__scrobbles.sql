-- One row per Last.fm scrobble: renamed, cast and normalised. A scrobble is
-- stamped when the track started and says nothing of how long it played: each counts 210 s (3.5 minutes, a
-- typical track), marked ms_is_estimated. When it ended, its identity and its rejection are decided with the
-- ListenBrainz listens', in int_play_rows.
with

source as (
    select * from raw_lastfm_scrobble
)

select
    user_name,
    import_id,
    source_file,
    row_number,
    row_hash,
    to_timestamp(try_cast(trim(uts) as bigint)) as started_at,
    210000 as ms_played,
    clean_name(artist) as artist_name,
    clean_name(track) as track_name,
    clean_name(album) as album_name,
    compared_name(artist) as artist_cmp,
    compared_name(track) as track_cmp,
    compared_name(album) as album_cmp,
from source
