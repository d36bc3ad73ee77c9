-- Invented enrichment answers for the demo warehouse and the enrichment benchmark: one cached answer for every
-- track (with a Spotify URI), album and artist, shaped like Spotify's and MusicBrainz's, with deterministic
-- durations, release dates, genres and countries. A fifth of the artists come from a city that has to be
-- walked up to its country. (The demo's artists are invented too: these facts describe nobody.)

create temp table bench_tracks as
select
    regexp_extract(dim_track.track_uri, '^spotify:track:([0-9A-Za-z]{22})$', 1) as track_id,
    left(md5('album' || coalesce(dim_track.album_key, dim_track.track_key)), 22) as album_id,
    left(md5('artist' || dim_artist.artist_key), 22) as artist_id,
    dim_artist.artist_name,
    dim_artist.artist_key,
    cast(hash(dim_track.track_key) % 1000003 as bigint) as h,
from dim_track
join dim_artist using (artist_key)
where dim_track.track_uri like 'spotify:track:%';

insert or replace into raw_spotify_item
select 'track', track_id, now(), 200, json_object(
    'duration_ms', 120000 + h % 300000,
    'explicit', h % 7 = 0,
    'external_ids', json_object('isrc', upper(left(md5(track_id), 12))),
    'album', json_object('id', album_id),
    'artists', json_array(json_object('id', artist_id, 'name', artist_name))
)
from bench_tracks;

insert or replace into raw_spotify_item
select distinct 'album', album_id, now(), 200, json_object(
    'release_date', cast(1960 + hash(album_id) % 66 as varchar) || '-0' || cast(1 + hash(album_id) % 9 as varchar),
    'release_date_precision', 'month',
    'album_type', 'album',
    'total_tracks', 12
)
from bench_tracks;

insert or replace into raw_spotify_item
select distinct 'artist', artist_id, now(), 200, json_object('genres', json_array())
from bench_tracks;

create temp table bench_artists as
select
    artist_name_compared,
    md5('mb' || artist_key) as h,
    substr(md5('mb' || artist_key), 1, 8) || '-' || substr(md5('mb' || artist_key), 9, 4) || '-4'
        || substr(md5('mb' || artist_key), 14, 3) || '-8' || substr(md5('mb' || artist_key), 18, 3) || '-'
        || substr(md5('mb' || artist_key), 21, 12) as mbid,
    cast(hash(artist_key) % 1000003 as bigint) as n,
from dim_artist;

insert or replace into enrich_artist_match select artist_name_compared, mbid, 'spotify url', now() from bench_artists;

insert or replace into raw_musicbrainz
select 'artist:' || mbid, now(), 200, json_object(
    'id', mbid,
    'type', 'Group',
    'life-span', json_object('begin', cast(1950 + n % 70 as varchar)),
    'area', case
        when n % 5 = 0 then json_object('id', 'city-' || (n % 200), 'name', 'City ' || (n % 200))
        else json_object('id', 'country-' || (n % 40), 'iso-3166-1-codes',
            json_array(['US', 'GB', 'DE', 'FR', 'SE', 'IS', 'JP', 'KR', 'BR', 'CA', 'AU', 'NG', 'MX', 'IN', 'NO',
                'FI', 'IE', 'JM', 'ES', 'IT', 'NL', 'AR', 'ZA', 'CO', 'PT'][1 + (n // 5) % 25]))
    end,
    'genres', json_array(
        json_object('name', ['indie rock', 'indie pop', 'techno', 'jazz', 'hip hop', 'folk', 'melodic death metal',
            'synth-pop', 'alternative rock', 'house', 'r&b', 'dream pop', 'post-punk', 'bossa nova', 'classical',
            'reggae', 'country', 'trip hop', 'soul', 'k-pop'][1 + n % 20], 'count', 3 + n % 4),
        json_object('name', ['shoegaze', 'ambient', 'funk', 'singer-songwriter', 'electronic', 'pop', 'blues'][1 + n % 7],
            'count', 1 + n % 3)
    )
)
from bench_artists;

insert or replace into raw_musicbrainz
select distinct 'area:city-' || (n % 200), now(), 200, json_object(
    'id', 'city-' || (n % 200),
    'type', 'City',
    'relations', json_array(json_object(
        'type', 'part of', 'direction', 'backward', 'target-type', 'area',
        'area', json_object('id', 'country-x', 'iso-3166-1-codes', json_array(['NO', 'CL', 'NZ', 'PL'][1 + n % 4]))
    ))
)
from bench_artists
where n % 5 = 0;
