-- The rows this import will land in raw_listenbrainz_listen, in raw's shape (as pending_account.sql).
select
    getvariable('import_id')::bigint as import_id,
    getvariable('import_user')::varchar as user_name,
    import_row.source_file,
    import_row.rowid - file_start.first_position + 1 as row_number,
    import_row.* exclude (source_file),
from import_listenbrainz as import_row
join import_file_start as file_start using (source_file)
