-- Enrichment marts: unique keys, and every key points at a row of its dimension.
select 'dim_genre key' as problem, genre_key::varchar as dim_key from dim_genre group by genre_key having count(*) > 1
union all
select 'dim_location key', location_key::varchar from dim_location group by location_key having count(*) > 1
union all
select 'bridge_artist_genre artist', artist_key::varchar from bridge_artist_genre anti join dim_artist using (artist_key)
union all
select 'bridge_artist_genre genre', genre_key::varchar from bridge_artist_genre anti join dim_genre using (genre_key)
union all
select 'bridge_artist_genre duplicate', artist_key || '/' || genre_key from bridge_artist_genre group by all having count(*) > 1
union all
select 'bridge_track_artist track', track_key::varchar from bridge_track_artist anti join dim_track using (track_key)
union all
select 'bridge_track_artist artist', artist_key::varchar from bridge_track_artist anti join dim_artist using (artist_key)
union all
select 'dim_artist origin', artist_key::varchar from dim_artist
where origin_location_key is not null and origin_location_key not in (select location_key from dim_location)
union all
select 'bridge_artist_genre weight', artist_key::varchar from bridge_artist_genre
group by artist_key having abs(sum(weight) - 1) > 1e-9
