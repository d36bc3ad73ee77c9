-- Plays in the warehouse by source and listener, for /metrics.
select fct_play.source, dim_user.user_name as listener, count(*) as plays
from fct_play
join dim_user using (user_key)
group by all
order by all
