with

plays as (
    select user_name from int_plays
)

select distinct
    surrogate_key('user:' || user_name) as user_key,
    user_name,
from plays
