-- The playlists of the account being snapshotted that it owns (the variable spotify_user_id), as
-- /v1/me/playlists listed them (temp table library_entry, list 'playlists'), each with the version the snapshot
-- tables hold for it, in the order listed (page, position). The job reads the items of those whose version changed; the merge keeps the rest as they
-- were.
create or replace temp table library_own_playlists as
with

listed as (
    select entry as playlist, page, position from library_entry where list = 'playlists'
),

own as (
    select
        playlist ->> 'id' as playlist_id,
        playlist ->> 'name' as name,
        playlist ->> 'snapshot_id' as version,
        coalesce(
            try_cast(playlist -> 'items' ->> 'total' as integer),
            try_cast(playlist -> 'tracks' ->> 'total' as integer),
            0
        ) as entries,
        page,
        position,
    from listed
    where (playlist -> 'owner' ->> 'id') = getvariable('spotify_user_id') and (playlist ->> 'id') is not null
    qualify row_number() over (partition by playlist ->> 'id' order by page, position) = 1
)

select
    own.*,
    stored.version as stored_version,
from own
left join snapshot_spotify_playlist as stored
    on stored.user_name = getvariable('library_user') and stored.playlist_id = own.playlist_id
    and stored.valid_to is null;
