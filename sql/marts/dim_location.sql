-- Countries, from the seed the project ships (sql/seeds/countries.csv): ISO 3166 codes, name, UN region and
-- sub-region, and an approximate centre for maps. Artists point here by their origin.
with

countries as (
    select * from seed_countries
)

select
    surrogate_key('country:' || alpha2) as location_key,
    alpha2 as country_code,
    alpha3 as country_code_alpha3,
    nullif(numeric, '') as country_code_numeric,
    name as country_name,
    nullif(region, '') as region,
    nullif(subregion, '') as subregion,
    cast(latitude as double) as latitude,
    cast(longitude as double) as longitude,
from countries
