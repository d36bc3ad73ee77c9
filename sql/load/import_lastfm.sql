-- Reads one Last.fm scrobble CSV into import_lastfm, every column as text (types are checked next, with the row
-- named). One file at a time, so a malformed row is blamed on its file; loaded in row order, as
-- import_extended.sql.
insert into import_lastfm
with

loaded as (
    select *
    from read_csv(
        $files,
        header = true,
        auto_detect = false,
        delim = ',',
        quote = '"',
        escape = '"',
        filename = true,
        columns = {
            uts: 'varchar',
            utc_time: 'varchar',
            artist: 'varchar',
            artist_mbid: 'varchar',
            album: 'varchar',
            album_mbid: 'varchar',
            track: 'varchar',
            track_mbid: 'varchar'
        }
    )
)

select
    import_file.source_file,
    md5_number(json_array('lastfm', uts, artist, album, track, artist_mbid, album_mbid, track_mbid)::varchar)
        as row_hash,
    uts,
    utc_time,
    artist,
    artist_mbid,
    album,
    album_mbid,
    track,
    track_mbid,
from loaded
join import_file on import_file.duckdb_path = loaded.filename
