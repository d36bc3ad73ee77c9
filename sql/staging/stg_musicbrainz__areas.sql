-- MusicBrainz areas as /ws/2/area/<id>?inc=area-rels described them: the area's own ISO code when it has one
-- (a country, or a subdivision "GB-ENG" whose first two letters are the country), and the area it is part of.
with

source as (
    select substr(request, length('area:') + 1) as area_id, response from raw_musicbrainz
    where request like 'area:%' and status = 200 and json_type(response) = 'OBJECT'
),

parents as (
    select
        area_id,
        unnest(
            case when json_type(response -> 'relations') = 'ARRAY' then cast(response -> 'relations' as json[]) end
        ) as relation,
    from source
),

part_of as (
    select
        area_id,
        first(relation -> 'area' ->> 'id') as parent_area_id,
        first(coalesce(
            upper(relation -> 'area' -> 'iso-3166-1-codes' ->> 0),
            upper(left(relation -> 'area' -> 'iso-3166-2-codes' ->> 0, 2))
        )) as parent_country_code,
    from parents
    -- "backward" from the child's side: the related area contains this one.
    -- (->> binds looser than = in DuckDB: hence the parentheses)
    where (relation ->> 'type') = 'part of' and (relation ->> 'direction') = 'backward'
        and (relation ->> 'target-type') = 'area'
    group by area_id
)

select
    source.area_id,
    clean_name(response ->> 'name') as area_name,
    nullif(response ->> 'type', '') as area_type,
    coalesce(
        upper(response -> 'iso-3166-1-codes' ->> 0),
        upper(left(response -> 'iso-3166-2-codes' ->> 0, 2))
    ) as country_code,
    part_of.parent_area_id,
    part_of.parent_country_code,
from source
left join part_of using (area_id)
