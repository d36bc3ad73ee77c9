-- Likely duplicates, each with the merge that would fold it away: artists with the same name once "feat. …"
-- and punctuation are set aside, or the same MusicBrainz id; tracks and albums of one artist with the same name
-- once "(Remastered …)", "(Deluxe …)", "- Live …", "feat. …" and punctuation are set aside. The less played goes
-- into the most played. Names that are nothing but punctuation suggest nothing.
with

plays as (
    select kind, item_key as key, sum(counted_plays) as plays from agg_item group by all
),

-- identity: what a rule names the item by (an artist's compared name, a track's or album's key)
named as (
    select
        'artist' as item,
        artist_key as key,
        artist_name as name,
        artist_name_compared as identity,
        null::bigint as artist_key,
        musicbrainz_id,
    from dim_artist
    union all
    select 'track', track_key, track_name, track_key::varchar, artist_key, null from dim_track
    union all
    select 'album', album_key, album_name, album_key::varchar, artist_key, null from dim_album
),

cores as (
    select
        named.*,
        coalesce(plays.plays, 0) as plays,
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(
                        lower(named.name),
                        '\s*[\(\[][^\)\]]*\b(remaster(ed)?|deluxe|live|edition|version|mono|stereo|anniversary|'
                        || 'expanded|bonus)\b[^\)\]]*[\)\]]',
                        '',
                        'g'
                    ),
                    '\s+-\s+.*\b(remaster(ed)?|live|version|mono|stereo|edit)\b.*$',
                    ''
                ),
                '\s*[\(\[]?\b(feat\.?|ft\.?|featuring)\s.*$',
                ''
            ),
            '[\p{P}\s]+',
            '',
            'g'
        ) as core,
    from named
    join plays on plays.kind = named.item and plays.key = named.key
),

groups as (
    select item, artist_key, core as same, 'same name' as reason, key, name, identity, plays from cores
    where core <> ''
    union all
    select item, null, musicbrainz_id, 'same MusicBrainz id', key, name, identity, plays from cores
    where musicbrainz_id is not null
),

ranked as (
    select
        *,
        first(key order by plays desc, name, key) over family as into_key,
        first(name order by plays desc, name, key) over family as into_name,
        first(identity order by plays desc, name, key) over family as into_identity,
        count(*) over family as members,
    from groups
    window family as (partition by item, artist_key, same, reason)
)

select * from (
    select distinct on (item, key)
        item,
        key::varchar as "key",
        name,
        identity,
        plays,
        into_key::varchar as into_key,
        into_name,
        into_identity,
        reason,
    from ranked
    where members > 1 and key <> into_key
    order by item, key, reason desc
)
order by item, plays desc, name
limit 200
