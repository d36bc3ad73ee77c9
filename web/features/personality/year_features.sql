-- Every listener's years with at least $1 counted music plays, oldest first, as the six features
-- agg_listener_year keeps.
select dim_user.user_name, agg_listener_year.* exclude (user_key)
from agg_listener_year
join dim_user using (user_key)
where plays >= $1
order by user_name, year
