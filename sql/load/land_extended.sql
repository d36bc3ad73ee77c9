-- Lands the import's rows that raw does not hold yet (same user, same content), each content once, so
-- re-imports add nothing. Row numbers count from 1 within each file.
insert into raw_spotify_extended by name
select
    $import_id as import_id,
    $user_name as user_name,
    import_row.rowid - file_start.first_position + 1 as row_number,
    import_row.*,
from import_extended as import_row
join import_file_start as file_start using (source_file)
where import_row.rowid in (select position from import_first_row where source = 'extended')
    and not exists (
        select 1 from raw_spotify_extended as raw_row
        where raw_row.user_name = $user_name and raw_row.row_hash = import_row.row_hash
    )
