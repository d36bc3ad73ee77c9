-- Albums as GET /v1/albums/{id} described them. release_date has the precision release_date_precision says:
-- "2001", "2001-05" or "2001-05-14" (and "0000" for unknown, seen in real answers).
with

source as (
    select spotify_id, response from raw_spotify_item
    where kind = 'album' and status = 200 and json_type(response) = 'OBJECT'
),

renamed as (
    select
        spotify_id as spotify_album_id,
        nullif(trim(response ->> 'release_date'), '') as release_date_text,
        lower(response ->> 'release_date_precision') as release_date_precision,
        lower(response ->> 'album_type') as album_type,
        try_cast(response ->> 'total_tracks' as integer) as total_tracks,
    from source
),

parsed as (
    select
        *,
        case
            when release_date_precision = 'day' then try_strptime(release_date_text, '%Y-%m-%d')::date
            when release_date_precision = 'month' then try_strptime(release_date_text, '%Y-%m')::date
            when release_date_precision = 'year' then try_strptime(release_date_text, '%Y')::date
        end as parsed_date,
    from renamed
)

select
    spotify_album_id,
    case when year(parsed_date) > 0 then parsed_date end as release_date,
    case when year(parsed_date) > 0 then release_date_precision end as release_date_precision,
    case when year(parsed_date) > 0 then year(parsed_date) end as release_year,
    album_type,
    total_tracks,
from parsed
