-- Fills dim_artist's enrichment columns (left null by dim_artist.sql) from int_artist_enrichment, by name.
merge into dim_artist
using int_artist_enrichment as enrichment
using (artist_key)
when matched then update by name
