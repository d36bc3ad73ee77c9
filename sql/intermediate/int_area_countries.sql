-- The country of every MusicBrainz area fetched so far: its own ISO code, or the first code found walking its
-- "part of" relations upwards (city → county → subdivision → country), at most eight steps.
with recursive

areas as (
    select * from stg_musicbrainz__areas
),

walk as (
    select
        area_id as start_area_id,
        area_id,
        coalesce(country_code, parent_country_code) as country_code,
        parent_area_id,
        0 as depth,
    from areas
    union all
    select
        walk.start_area_id,
        areas.area_id,
        coalesce(areas.country_code, areas.parent_country_code),
        areas.parent_area_id,
        walk.depth + 1,
    from walk
    join areas on areas.area_id = walk.parent_area_id
    where walk.country_code is null and walk.depth < 8
)

select
    start_area_id as area_id,
    first(country_code order by depth) as country_code,
from walk
where country_code is not null
group by start_area_id
