-- Merges one snapshot of a user's library into the snapshot tables (sql/schema/009_library.sql). Reads two temp
-- tables: library_entry(list, playlist_id, page, position, entry), every item of every page Spotify answered this time, as
-- received, where list is liked | followed | playlists (the list of playlists) | playlist (one playlist's
-- items); library_read(list, playlist_id), the lists read to their end; and library_own_playlists, from
-- own_playlists.sql. Variables: library_user, library_taken_at. Run inside the snapshot's transaction.
--
-- A list is merged only when it was read in full: liked songs and followed artists always are, and a playlist
-- when its items were read (it changed) or its version is the one stored (nothing to read). A playlist that
-- changed but could not be read keeps what was stored, so a failed read never looks like a removal.

-- Every track entry read, liked or in a playlist, with the object it describes.
create or replace temp table library_entries as
with

-- Only lists read to their end: a playlist that failed halfway keeps what was stored.
entries as (
    select list, playlist_id, entry
    from library_entry
    semi join library_read using (list, playlist_id)
    where list in ('liked', 'playlist')
)

select
    list,
    playlist_id,
    -- Since 2026 a playlist entry's object is `item` (`track` is its deprecated copy); liked songs keep `track`.
    case when json_type(entry -> 'item') = 'OBJECT' then entry -> 'item' else entry -> 'track' end as object,
    try_cast(entry ->> 'added_at' as timestamptz) as added_at,
    json_type(object) = 'OBJECT' and (object ->> 'type') = 'track' and (object ->> 'uri') is not null as is_track,
from entries;

-- Every item read, one row per item per list (a track twice in a playlist is kept once, at its first adding).
-- Catalogue and local tracks are kept; episodes and unavailable tracks (null) are only counted.
create or replace temp table library_fetched as
with

artists as (
    select entry as object from library_entry semi join library_read using (list, playlist_id)
    where list = 'followed'
),

items as (
    select
        list,
        playlist_id,
        object ->> 'uri' as item_uri,
        added_at,
        object ->> 'name' as item_name,
        object -> 'artists' -> 0 ->> 'name' as artist_name,
        object -> 'album' ->> 'name' as album_name,
        object,
    from library_entries
    where is_track
    union all
    select
        'followed' as list,
        '' as playlist_id,
        'spotify:artist:' || (object ->> 'id') as item_uri,
        null::timestamptz as added_at,
        object ->> 'name' as item_name,
        null as artist_name,
        null as album_name,
        object,
    from artists
    where (object ->> 'id') is not null
)

select * from items
qualify row_number() over (partition by list, playlist_id, item_uri order by added_at nulls last) = 1;

-- Items gone from a list read in full (or added again at another time), and every item of a playlist that is no
-- longer yours, stop being valid now.
update snapshot_spotify_library_item as kept
set valid_to = getvariable('library_taken_at')
where kept.user_name = getvariable('library_user')
    and kept.valid_to is null
    and (
        (
            exists (from library_read as read where read.list = kept.list and read.playlist_id = kept.playlist_id)
            and not exists (
                from library_fetched as now
                where now.list = kept.list and now.playlist_id = kept.playlist_id and now.item_uri = kept.item_uri
                    and now.added_at is not distinct from kept.added_at
            )
        )
        or (
            kept.list = 'playlist'
            and kept.playlist_id not in (select playlist_id from library_own_playlists)
        )
    );

insert into snapshot_spotify_library_item
select
    getvariable('library_user'),
    now.list,
    now.playlist_id,
    now.item_uri,
    now.added_at,
    now.item_name,
    now.artist_name,
    now.album_name,
    getvariable('library_taken_at'),
    null,
from library_fetched as now
where not exists (
    from snapshot_spotify_library_item as kept
    where kept.user_name = getvariable('library_user') and kept.valid_to is null and kept.list = now.list
        and kept.playlist_id = now.playlist_id and kept.item_uri = now.item_uri
        and kept.added_at is not distinct from now.added_at
);

-- Playlists: settled ones (read, or unchanged) replace a stored row that differs; gone ones end.
create or replace temp table library_settled_playlists as
select playlist_id, name, version, entries
from library_own_playlists
where version = stored_version
    or playlist_id in (select playlist_id from library_read where list = 'playlist');

update snapshot_spotify_playlist as kept
set valid_to = getvariable('library_taken_at')
where kept.user_name = getvariable('library_user')
    and kept.valid_to is null
    and (
        kept.playlist_id not in (select playlist_id from library_own_playlists)
        or exists (
            from library_settled_playlists as now
            where now.playlist_id = kept.playlist_id
                and (now.version, now.name, now.entries) is distinct from (kept.version, kept.name, kept.entries)
        )
    );

insert into snapshot_spotify_playlist
select
    getvariable('library_user'),
    now.playlist_id,
    now.name,
    now.version,
    now.entries,
    getvariable('library_taken_at'),
    null,
from library_settled_playlists as now
where not exists (
    from snapshot_spotify_playlist as kept
    where kept.user_name = getvariable('library_user') and kept.playlist_id = now.playlist_id
        and kept.valid_to is null
);

-- Liked and playlist tracks and followed artists arrive as the full objects GET /v1/tracks/{id} and
-- GET /v1/artists/{id} answer: cached for enrichment, which then never asks for them.
insert or ignore into raw_spotify_item
select distinct on (kind, spotify_id)
    kind,
    spotify_id,
    getvariable('library_taken_at'),
    200,
    object,
from (
    select
        case when list = 'followed' then 'artist' else 'track' end as kind,
        regexp_extract(item_uri, '^spotify:(?:track|artist):([0-9A-Za-z]+)$', 1) as spotify_id,
        object,
    from library_fetched
)
where spotify_id <> '';
