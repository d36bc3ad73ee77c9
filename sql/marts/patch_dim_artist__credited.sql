-- Adds to dim_artist the featured artists of fetched tracks who are never the primary artist of a play, so every
-- artist in bridge_track_artist has its row (with no plays in fct_play), under the name a rename rule gives.
-- One merged into another needs none.
insert into dim_artist by name
select
    surrogate_key('artist:' || artist_name_compared) as artist_key,
    coalesce(
        any_value(renamed.new_name),
        first(artist_name order by artist_position, artist_name)
    ) as artist_name,
    artist_name_compared,
from stg_spotify__track_artists
left join int_rule_names as renamed
    on renamed.item = 'artist' and renamed.item_key = surrogate_key('artist:' || artist_name_compared)
where spotify_track_id in (select spotify_track_id from int_track_enrichment)
    and surrogate_key('artist:' || artist_name_compared) not in (select artist_key from dim_artist)
    and surrogate_key('artist:' || artist_name_compared) not in (
        select from_key from int_rule_merges where item = 'artist'
    )
group by artist_name_compared
