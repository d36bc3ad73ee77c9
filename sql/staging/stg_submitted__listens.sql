-- One row per listen this server received (raw_submitted_listen): from a player over the ListenBrainz-compatible
-- API, or typed in on the Listens page. Renamed, cast and normalised in the shape of stg_listenbrainz__listens. A
-- listen is stamped when the track started (listened_at: Unix seconds; the API also takes numeric strings and
-- decimals, cut to the second as ListenBrainz does). It counts additional_info.duration_ms, or duration in
-- seconds, when the player gave one, else 210 s. A player's duration is the track's, not how long it played:
-- estimated; a manual listen's duration is what its owner typed. The client is the player (media_player, e.g.
-- "Jellyfin"), else the program that sent it (submission_client, e.g. "navidrome"), else "unknown"; "manual" for
-- typed listens.
with

source as (
    select * from raw_submitted_listen
),

renamed as (
    select
        listen_id,
        submission_id,
        user_name,
        source,
        received_at,
        listen -> 'track_metadata' as track_metadata,
        listen -> 'track_metadata' -> 'additional_info' as additional_info,
        to_timestamp(floor(try_cast(listen ->> 'listened_at' as double))::bigint) as started_at,
    from source
),

durations as (
    select
        *,
        coalesce(
            nullif(greatest(floor(try_cast(additional_info ->> 'duration_ms' as double)), 0), 0)::bigint,
            nullif(greatest(floor(try_cast(additional_info ->> 'duration' as double)), 0), 0)::bigint * 1000
        ) as duration_ms,
    from renamed
)

select
    listen_id,
    submission_id,
    user_name,
    source,
    received_at,
    started_at,
    coalesce(duration_ms, 210000) as ms_played,
    source <> 'manual' or duration_ms is null as ms_is_estimated,
    case
        when source = 'manual' then 'manual'
        else coalesce(
            clean_name(additional_info ->> 'media_player'),
            clean_name(additional_info ->> 'submission_client'),
            'unknown'
        )
    end as client,
    clean_name(track_metadata ->> 'artist_name') as artist_name,
    clean_name(track_metadata ->> 'track_name') as track_name,
    clean_name(track_metadata ->> 'release_name') as album_name,
    compared_name(track_metadata ->> 'artist_name') as artist_cmp,
    compared_name(track_metadata ->> 'track_name') as track_cmp,
    compared_name(track_metadata ->> 'release_name') as album_cmp,
from durations
