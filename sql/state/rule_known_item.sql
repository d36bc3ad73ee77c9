-- What a rule may name ($1: artist, track, album or show; $2 its key): the name it is shown under and, when a
-- merge rule folded it into another, the key it ended up under (int_rule_merges, made on this connection first).
-- No row: nothing by that key has been played. An item merged away has no dimension row: its rule names it.
with

items as (
    select 'artist' as item, artist_key as item_key, artist_name as name from dim_artist
    union all
    select 'track', track_key, track_name from dim_track
    union all
    select 'album', album_key, album_name from dim_album
    union all
    select 'show', surrogate_key('show:' || compared_name(show_name)), any_value(show_name) from dim_episode
    group by all
),

asked as (
    select $1::varchar as item, $2::bigint as item_key
)

select
    coalesce(
        items.name,
        (select arg_max(subject_name, rule_id) from rule where kind = 'merge-' || asked.item and subject = $3)
    ) as name,
    merged.into_key::varchar as merged_into,
from asked
left join items using (item, item_key)
left join int_rule_merges as merged on merged.item = asked.item and merged.from_key = asked.item_key
where items.item_key is not null or merged.from_key is not null
