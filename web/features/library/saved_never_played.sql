-- The liked songs a user never played, liked last first ($limit of them).
select name, artist, album, added_at
from library_liked_use($user)
where plays = 0
order by added_at desc nulls last, name
limit $limit
