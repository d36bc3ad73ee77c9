-- Lands the listens of one submission ($5: a JSON array, each element as received) for user $2, from source $3
-- ('submitted' with token $4, or 'manual'), under submission $1; returns the ids they got.
insert into raw_submitted_listen
select nextval('raw_submitted_listen_id_seq'), $1, $2, now(), $3, $4, unnest(cast($5::json as json[]))
returning listen_id
