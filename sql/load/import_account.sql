-- Reads every Account data file of one import (music, podcast and audiobook files together); each file's kind
-- comes from its sniffed content, in import_file. Loaded in row order, as import_extended.sql. A row's hash covers
-- its kind and every key read, in the order below.
create or replace table import_scratch.import_account as
with

loaded as (
    select *
    from read_import_json($files, {
        endTime: 'varchar',
        artistName: 'varchar',
        trackName: 'varchar',
        podcastName: 'varchar',
        episodeName: 'varchar',
        audiobookName: 'varchar',
        chapterName: 'varchar',
        authorName: 'varchar',
        msPlayed: 'json'
    })
)

select
    source_file,
    md5_number(json_array(kind, *columns(* exclude (source_file, kind)))::varchar) as row_hash,
    kind,
    endTime as end_time,
    artistName as artist_name,
    trackName as track_name,
    podcastName as podcast_name,
    episodeName as episode_name,
    audiobookName as audiobook_name,
    chapterName as chapter_name,
    authorName as author_name,
    msPlayed as ms_played,
from loaded
