-- Per file of one import: rows read, new plays, duplicates and rejected rows by reason (in a fixed order). A
-- row is a new play when it won its play and that play did not exist before the import (previous_play holds the
-- keys from before).
with

import_rows as (
    select * from import_row
),

staged as (
    select row_hash, source, play_key, reject_reason, is_play, true as is_staged
    from int_play_rows
    where user_name = $user_name
),

-- A row with a name too long was never staged: its reason is said here.
judged as (
    select
        import_rows.source_file,
        case when import_rows.name_too_long then 'name too long' else staged.reject_reason end as reject_reason,
        not import_rows.name_too_long
            and import_rows.is_first
            and staged.is_play
            and staged.play_key not in (select play_key from previous_play) as is_new,
    from import_rows
    left join staged using (row_hash, source)
    where import_rows.name_too_long or staged.is_staged
)

select
    source_file,
    reject_reason,
    is_new,
    count(*) as row_count,
from judged
group by all
order by all
