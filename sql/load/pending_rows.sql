-- What this import will land in each raw play table, as one view per table in raw's shape: the rows
-- keep_new_rows.sql left in import_<source>, with the import, the user, the row's number within its file (from 1,
-- in load order) and JSON numbers and flags cast to raw's types. The import lands them first thing in its
-- transaction, before the build (which reads raw alone), the data tests and the report. The views differ in their
-- table and its casts only; each names its table itself because DuckDB gives a table's rowid to no macro or
-- query_table().

-- What each file's rows land with besides their own columns: the import, the user, and where the file starts.
create or replace temp table pending_file as
select
    getvariable('import_id')::bigint as import_id,
    getvariable('import_user')::varchar as user_name,
    source_file,
    first_position,
from import_file_start;

create or replace temp view pending_raw_spotify_extended as
select
    file.* exclude (first_position),
    import_row.rowid - file.first_position + 1 as row_number,
    import_row.* exclude (source_file) replace (
        cast(ms_played as bigint) as ms_played,
        cast(offline_timestamp as bigint) as offline_timestamp,
        cast(shuffle as boolean) as shuffle,
        cast(skipped as boolean) as skipped,
        cast(offline as boolean) as offline,
        cast(incognito_mode as boolean) as incognito_mode
    ),
from import_extended as import_row
join pending_file as file using (source_file);

create or replace temp view pending_raw_spotify_account as
select
    file.* exclude (first_position),
    import_row.rowid - file.first_position + 1 as row_number,
    import_row.* exclude (source_file) replace (cast(ms_played as bigint) as ms_played),
from import_account as import_row
join pending_file as file using (source_file);

create or replace temp view pending_raw_lastfm_scrobble as
select
    file.* exclude (first_position),
    import_row.rowid - file.first_position + 1 as row_number,
    import_row.* exclude (source_file),
from import_lastfm as import_row
join pending_file as file using (source_file);

create or replace temp view pending_raw_listenbrainz_listen as
select
    file.* exclude (first_position),
    import_row.rowid - file.first_position + 1 as row_number,
    import_row.* exclude (source_file),
from import_listenbrainz as import_row
join pending_file as file using (source_file);
