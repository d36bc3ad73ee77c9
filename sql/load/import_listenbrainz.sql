-- Reads every ListenBrainz listens file of one import (a JSON array, or JSON lines as in newer exports); values
-- stay JSON so a wrong type is refused with its row named. Loaded in row order, as import_extended.sql.
create or replace table import_scratch.import_listenbrainz as
with

loaded as (
    select *
    from read_import_json($files, {listened_at: 'json', track_metadata: 'json'}, json_format := 'auto')
)

select
    source_file,
    md5_number(json_array('listenbrainz', listened_at, track_metadata)::varchar) as row_hash,
    listened_at,
    track_metadata,
from loaded
