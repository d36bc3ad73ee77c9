-- Fills dim_album's enrichment columns (left null by dim_album.sql) from int_album_enrichment, by name.
merge into dim_album
using int_album_enrichment as enrichment
using (album_key)
when matched then update by name
