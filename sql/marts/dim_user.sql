with

plays as (
    select user_name from int_play_rows
    where is_play
)

select distinct
    surrogate_key('user:' || user_name) as user_key,
    user_name,
from plays
