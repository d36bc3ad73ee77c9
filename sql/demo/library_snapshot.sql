-- An invented library snapshot for the demo warehouse, so its Library page shows: liked songs (most played, some
-- liked before their first play, some long after, and invented ones never played), followed artists (a few never
-- played) and four playlists of the demo listener's own. Deterministic: hashes of the keys decide everything.

create temp table demo_tracks as
with

played as (
    select
        dim_track.track_key,
        dim_track.track_uri,
        dim_track.track_name,
        dim_artist.artist_name,
        dim_album.album_name,
        count(*) as plays,
        min(fct_play.played_at) as first_played_at,
    from fct_play
    join dim_track using (track_key)
    join dim_artist on dim_artist.artist_key = dim_track.artist_key
    left join dim_album on dim_album.album_key = dim_track.album_key
    where fct_play.is_counted and dim_track.track_uri like 'spotify:track:%'
    group by all
)

select
    *,
    hash(track_key) % 1000 as h,
    row_number() over (order by plays desc, track_key) as play_rank,
from played;

create temp table demo_snapshot as
select max(played_at) + interval 1 day as taken_at from fct_play;

insert into raw_spotify_library_snapshot
select nextval('library_snapshot_id_seq'), 'demo', 'demo', taken_at, 0, 0, 4, 0, 0, 0
from demo_snapshot;

-- Liked: a third of the 600 most played tracks, liked from 60 days before to 3 years after the first play.
insert into snapshot_spotify_library_item
select
    'demo', 'liked', '', track_uri,
    first_played_at + to_days(cast(h % 1155 as integer) - 60) as added_at,
    track_name, artist_name, album_name,
    taken_at, null,
from demo_tracks, demo_snapshot
where play_rank <= 600 and h % 3 = 0 and first_played_at + to_days(cast(h % 1155 as integer) - 60) < taken_at;

-- Liked and never played: live versions of some of the 200 most played tracks, liked in the last two years.
insert into snapshot_spotify_library_item
select
    'demo', 'liked', '', 'spotify:track:' || left(md5('live' || track_uri), 22),
    taken_at - to_days(cast(h % 730 as integer)) as added_at,
    track_name || ' (Live)', artist_name, album_name,
    taken_at, null,
from demo_tracks, demo_snapshot
where play_rank <= 200 and h % 11 = 0;

-- Followed: most of the 40 most played artists, and three never played.
insert into snapshot_spotify_library_item
select 'demo', 'followed', '', 'spotify:artist:' || left(md5(artist_name), 22), null, artist_name, null, null, taken_at, null
from (
    select artist_name, sum(plays) as plays from demo_tracks group by artist_name order by plays desc limit 40
), demo_snapshot
where hash(artist_name) % 4 <> 0
union all
select 'demo', 'followed', '', 'spotify:artist:' || left(md5(name), 22), null, name, null, null, taken_at, null
from (values ('The Unheard Quartet'), ('Silent Radio'), ('Nobody’s Choir')) as never(name), demo_snapshot;

insert into snapshot_spotify_playlist
select 'demo', playlist_id, name, left(md5(name), 16), 0, taken_at, null
from (
    values ('DemoMorning0000000000', 'Morning'), ('DemoRunning0000000000', 'Running'),
        ('DemoLateNight00000000', 'Late night'), ('DemoRoadTrip000000000', 'Road trip')
) as playlists(playlist_id, name), demo_snapshot;

-- Each playlist: tracks picked by their hash, added some days after their first play.
insert into snapshot_spotify_library_item
select
    'demo', 'playlist', playlist_id, track_uri,
    least(first_played_at + to_days(cast(h % 90 as integer)), taken_at - interval 1 day),
    track_name, artist_name, album_name,
    taken_at, null,
from demo_tracks, demo_snapshot, (
    values ('DemoMorning0000000000', 0), ('DemoRunning0000000000', 1), ('DemoLateNight00000000', 2),
        ('DemoRoadTrip000000000', 3)
) as playlists(playlist_id, slot)
where h % 37 = slot and plays >= 2;

update snapshot_spotify_playlist as playlist
set entries = (
    select count(*) from snapshot_spotify_library_item as item
    where item.list = 'playlist' and item.playlist_id = playlist.playlist_id and item.user_name = 'demo'
)
where user_name = 'demo';

update raw_spotify_library_snapshot
set liked_tracks = (select count(*) from snapshot_spotify_library_item where user_name = 'demo' and list = 'liked'),
    followed_artists = (
        select count(*) from snapshot_spotify_library_item where user_name = 'demo' and list = 'followed'
    )
where user_name = 'demo';

drop table demo_tracks;
drop table demo_snapshot;
