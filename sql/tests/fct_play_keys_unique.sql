-- play_key is unique.
select play_key, count(*) as plays from fct_play group by play_key having count(*) > 1
