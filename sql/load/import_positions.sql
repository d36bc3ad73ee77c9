-- Where each file starts in the import's row order (rowid: the load preserved it), and the first row of each
-- distinct content.
create or replace temp table import_file_start as
select source_file, min(rowid) as first_position from import_extended group by source_file
union all
select source_file, min(rowid) from import_account group by source_file
union all
select source_file, min(rowid) from import_lastfm group by source_file
union all
select source_file, min(rowid) from import_listenbrainz group by source_file;

create or replace temp table import_first_row as
select 'extended' as source, min(rowid) as position from import_extended group by row_hash
union all
select 'account', min(rowid) from import_account group by row_hash
union all
select 'lastfm', min(rowid) from import_lastfm group by row_hash
union all
select 'listenbrainz', min(rowid) from import_listenbrainz group by row_hash;

-- Every row read, narrow, for the report: its file, its content hash, whether it is the first of its content,
-- and whether a name in it (track, artist, album, episode, show) is longer than any real one: such a row is
-- rejected as "name too long" and nothing of it is kept (keep_new_rows.sql).
create or replace table import_scratch.import_row as
select
    'extended' as source,
    source_file,
    row_hash,
    rowid in (select position from import_first_row where source = 'extended') as is_first,
    name_too_long(
        master_metadata_track_name, master_metadata_album_artist_name, master_metadata_album_album_name,
        episode_name, episode_show_name, audiobook_title, audiobook_chapter_title
    ) as name_too_long,
from import_extended
union all
select
    'account' as source,
    source_file,
    row_hash,
    rowid in (select position from import_first_row where source = 'account') as is_first,
    name_too_long(
        track_name, artist_name, podcast_name, episode_name, audiobook_name, chapter_name, author_name
    ) as name_too_long,
from import_account
union all
select
    'lastfm' as source,
    source_file,
    row_hash,
    rowid in (select position from import_first_row where source = 'lastfm') as is_first,
    name_too_long(track, artist, album, null, null, null, null) as name_too_long,
from import_lastfm
union all
select
    'listenbrainz' as source,
    source_file,
    row_hash,
    rowid in (select position from import_first_row where source = 'listenbrainz') as is_first,
    name_too_long(
        track_metadata ->> '$.track_name', track_metadata ->> '$.artist_name', track_metadata ->> '$.release_name',
        null, null, null, null
    ) as name_too_long,
from import_listenbrainz;
