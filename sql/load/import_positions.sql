-- Where each file starts in the import's row order, and the first row of each distinct content.
create or replace temp table import_file_start as
select source_file, min(ordinality) as first_ordinality from import_extended group by source_file
union all
select source_file, min(ordinality) from import_account group by source_file;

create or replace temp table import_first_row as
select 'extended' as source, min(ordinality) as ordinality from import_extended group by row_hash
union all
select 'account', min(ordinality) from import_account group by row_hash;
