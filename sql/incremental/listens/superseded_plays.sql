-- The plays of manual listens deleted since they were added (their raw row is gone): no plays any more.
select play_key
from fct_play
where source = 'manual'
    and play_key not in (select play_key from int_submitted_play_rows where source = 'manual')
