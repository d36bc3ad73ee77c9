-- The play files of one import, filled by import_exports.ts: each file's path for DuckDB, the name reports show,
-- and the kind its content was sniffed as.
create or replace temp table import_file (duckdb_path varchar, source_file varchar, kind varchar);

-- Reads JSON play files of this import (plain or re-wrapped .gz): the keys in `keys` (a struct of key: type,
-- every key optional), after each row's file name and kind.
create or replace temp macro read_import_json(files, keys, json_format := 'array') as table
select import_file.source_file, import_file.kind, loaded.* exclude (filename),
from read_json(files, format = json_format, filename = true, compression = 'auto_detect', columns = keys) as loaded
join import_file on import_file.duckdb_path = loaded.filename;
