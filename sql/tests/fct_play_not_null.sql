-- Columns every play has.
select * from fct_play
where play_key is null or user_key is null or played_at is null or date_key is null or time_key is null
    or content_type is null or source is null or ms_played is null or is_counted is null
