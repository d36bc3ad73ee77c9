-- The import's rows that raw does not hold yet (same user, same content), each content once, so re-imports add
-- nothing; row numbers count from 1 within each file. A view: the build stages raw plus these, and the import
-- lands them in raw only after the build and the report, all in one transaction. (Landing first kept every new
-- row uncompressed in the transaction's memory through the whole build.)
select
    getvariable('import_id')::bigint as import_id,
    getvariable('import_user')::varchar as user_name,
    import_row.source_file,
    import_row.rowid - file_start.first_position + 1 as row_number,
    import_row.* exclude (source_file),
from import_account as import_row
join import_file_start as file_start using (source_file)
where import_row.rowid in (select position from import_first_row where source = 'account')
    and not exists (
        select 1 from raw_spotify_account as raw_row
        where raw_row.user_name = getvariable('import_user') and raw_row.row_hash = import_row.row_hash
    )
