-- The artists still to match to MusicBrainz, most listened first, with what Spotify told us about them: their
-- Spotify id and the ISRC of their most listened fetched track; and the MusicBrainz id a player sent with a listen
-- of theirs (raw_submitted_listen: a listen naming exactly one artist, with that artist's id; the latest wins). While Spotify can still tell ($3 is true and one
-- of the artist's tracks is not fetched yet), an artist without a Spotify id waits, so the weaker name search is
-- only used when nothing better will come. Failures as in spotify_items.sql ($2 = when the run started).
with

listening as (
    select artist_key, sum(ms_played) as ms_played from fct_play where artist_key is not null group by all
),

track_listening as (
    select
        regexp_extract(dim_track.track_uri, '^spotify:track:([0-9A-Za-z]{22})$', 1) as spotify_track_id,
        sum(fct_play.ms_played) as ms_played,
    from fct_play
    join dim_track using (track_key)
    where dim_track.track_uri like 'spotify:track:%'
    group by all
),

credits as (
    select
        credit.artist_name_compared,
        credit.spotify_artist_id,
        credit.artist_position,
        track.isrc,
        coalesce(track_listening.ms_played, 0) as ms_played,
    from stg_spotify__track_artists as credit
    join stg_spotify__tracks as track using (spotify_track_id)
    left join track_listening using (spotify_track_id)
),

spotify as (
    select
        artist_name_compared,
        first(spotify_artist_id order by ms_played desc, spotify_artist_id) as spotify_artist_id,
        first(isrc order by ms_played desc, isrc) filter (where artist_position = 0 and isrc is not null) as isrc,
    from credits
    group by artist_name_compared
),

listened as (
    select
        compared_name(listen -> 'track_metadata' ->> 'artist_name') as artist_name_compared,
        first(lower(listen -> 'track_metadata' -> 'additional_info' -> 'artist_mbids' ->> 0) order by listen_id desc)
            as listen_mbid,
    from raw_submitted_listen
    where json_array_length(listen -> 'track_metadata' -> 'additional_info' -> 'artist_mbids') = 1
        and regexp_matches(
            listen -> 'track_metadata' -> 'additional_info' -> 'artist_mbids' ->> 0,
            '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        )
    group by all
),

-- Not null: a Spotify track without an artist (a play with no names) must not make `not in` below unknown for
-- every artist, which held back every artist without a Spotify id while it waited.
waiting_for_spotify as (
    select distinct dim_track.artist_key
    from dim_track
    where dim_track.artist_key is not null
        and dim_track.track_uri like 'spotify:track:%'
        and regexp_extract(dim_track.track_uri, '^spotify:track:([0-9A-Za-z]{22})$', 1)
            not in (select spotify_id from raw_spotify_item where kind = 'track')
)

select
    dim_artist.artist_name,
    dim_artist.artist_name_compared,
    spotify.spotify_artist_id,
    spotify.isrc,
    listened.listen_mbid,
    listening.ms_played,
from dim_artist
join listening using (artist_key)
left join spotify using (artist_name_compared)
left join listened using (artist_name_compared)
left join enrich_failure as failure
    on failure.service = 'musicbrainz' and failure.request = 'match:' || dim_artist.artist_name_compared
where dim_artist.artist_name_compared not in (select artist_name_compared from enrich_artist_match)
    and (failure.failed_at is null or failure.failed_at < $2::timestamptz)
    and (not $3 or spotify.spotify_artist_id is not null or listened.listen_mbid is not null
        or dim_artist.artist_key not in (select artist_key from waiting_for_spotify))
order by failure.failed_at is not null, listening.ms_played desc, dim_artist.artist_name_compared
limit $1
