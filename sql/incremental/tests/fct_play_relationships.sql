-- Stands in for tests/fct_play_relationships.sql after an append (appendPlays): that test judges each play on
-- its own, and every play but the ones the append added (new_play) passed it before (an append adds dimension
-- rows, never removes one). The same statement over new_play: build_test.ts checks they stay in step.
select 'user_key' as key_column, play_key from new_play anti join dim_user using (user_key)
union all
select 'date_key', play_key from new_play anti join dim_date using (date_key)
union all
select 'time_key', play_key from new_play anti join dim_time using (time_key)
union all
select 'track_key', play_key from new_play where track_key is not null and track_key not in (select track_key from dim_track)
union all
select 'artist_key', play_key from new_play where artist_key is not null and artist_key not in (select artist_key from dim_artist)
union all
select 'album_key', play_key from new_play where album_key is not null and album_key not in (select album_key from dim_album)
union all
select 'episode_key', play_key from new_play where episode_key is not null and episode_key not in (select episode_key from dim_episode)
