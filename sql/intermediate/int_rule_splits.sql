-- The split-artists rule (off unless made): each artist name of the plays that holds one of its separators
-- (compared case-insensitively, not at the start) and the name before the first of them, which becomes the
-- artist: "A feat. B" is A's. No rule, no rows.
with

separators as (
    select unnest(from_json(subject, '["varchar"]')) as separator
    from rule
    where kind = 'split-artists'
),

names as (
    select distinct artist_name from int_play_rows
    where is_play and content_type = 'track' and artist_name is not null
),

cuts as (
    select names.artist_name, min(strpos(lower(names.artist_name), lower(separators.separator))) as cut
    from names
    cross join separators
    where strpos(lower(names.artist_name), lower(separators.separator)) > 1
    group by names.artist_name
)

select
    artist_name,
    clean_name(left(artist_name, cut - 1)) as primary_name,
    compared_name(left(artist_name, cut - 1)) as primary_cmp,
from cuts
where compared_name(left(artist_name, cut - 1)) is not null
