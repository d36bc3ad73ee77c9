-- The rows this import will land in raw_spotify_account, in raw's shape; row numbers count from 1 within each
-- file. Staging reads raw plus these, and the import lands them only after the build and the report, all in one
-- transaction. (Landing first kept every new row uncompressed in the transaction's memory through the build.)
select
    getvariable('import_id')::bigint as import_id,
    getvariable('import_user')::varchar as user_name,
    import_row.source_file,
    import_row.rowid - file_start.first_position + 1 as row_number,
    import_row.* exclude (source_file) replace (cast(ms_played as bigint) as ms_played),
from import_account as import_row
join import_file_start as file_start using (source_file)
