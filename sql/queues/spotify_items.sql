-- The Spotify items still to look up, most listened first: tracks of dim_track with a Spotify id, then the albums
-- and artists that fetched tracks name (weighted by those tracks' listening). An item that failed in this run
-- ($2 = when the run started) waits for the next run; items that failed before go after all others.
with

track_listening as (
    select track_key, sum(ms_played) as ms_played from fct_play where track_key is not null group by all
),

tracks as (
    select
        regexp_extract(dim_track.track_uri, '^spotify:track:([0-9A-Za-z]{22})$', 1) as spotify_track_id,
        coalesce(track_listening.ms_played, 0) as ms_played,
    from dim_track
    left join track_listening using (track_key)
    where dim_track.track_uri like 'spotify:track:%'
),

listened as (
    select spotify_track_id, sum(ms_played) as ms_played from tracks where spotify_track_id <> '' group by all
),

albums as (
    select 'album' as kind, track.spotify_album_id as spotify_id, sum(listened.ms_played) as ms_played,
    from stg_spotify__tracks as track
    join listened using (spotify_track_id)
    where track.spotify_album_id is not null
    group by all
),

artists as (
    select 'artist' as kind, credit.spotify_artist_id as spotify_id, sum(listened.ms_played) as ms_played,
    from stg_spotify__track_artists as credit
    join listened using (spotify_track_id)
    group by all
),

candidates as (
    select 'track' as kind, spotify_track_id as spotify_id, ms_played from listened
    union all
    select * from albums
    union all
    select * from artists
)

select candidates.kind, candidates.spotify_id, candidates.ms_played,
from candidates
anti join raw_spotify_item using (kind, spotify_id)
left join enrich_failure as failure
    on failure.service = 'spotify' and failure.request = candidates.kind || ':' || candidates.spotify_id
-- ids go into a URL path: only Spotify's base-62 ids
where regexp_full_match(candidates.spotify_id, '[0-9A-Za-z]{22}')
    and (failure.failed_at is null or failure.failed_at < $2::timestamptz)
order by failure.failed_at is not null, candidates.ms_played desc, candidates.kind, candidates.spotify_id
limit $1
