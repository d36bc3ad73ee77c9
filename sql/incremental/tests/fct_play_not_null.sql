-- Stands in for tests/fct_play_not_null.sql after an append (appendPlays): that test judges each play on
-- its own, and every play but the ones the append added (new_play) passed it before (an append adds dimension
-- rows, never removes one). The same statement over new_play: build_test.ts checks they stay in step.
select * from new_play
where play_key is null or user_key is null or played_at is null or date_key is null or time_key is null
    or content_type is null or source is null or ms_played is null or is_counted is null
