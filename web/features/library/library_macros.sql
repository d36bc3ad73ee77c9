-- The Library page's building blocks, as table macros of the user's name, made on the connection that reads
-- the page (temp: nothing of the page is stored): the user's counted music plays, each track's plays, the
-- user's library items, and each current liked song with its plays (of every track it matches).
-- Times as epoch ms: timestamptz arithmetic goes through ICU and cost 30-60 ms a query on 350,000 plays.

create or replace temp macro library_plays(user_name) as table
    select track_key, artist_key, played_at, ms_played
    from fct_play
    where user_key = surrogate_key('user:' || user_name) and is_counted and content_type = 'track'
        and not is_excluded;

-- A first play is when it started, not ended: a song liked during its first play was liked after it.
create or replace temp macro library_track_plays(user_name) as table
    select
        track_key,
        count(*)::integer as plays,
        sum(ms_played) as ms,
        min(epoch_ms(played_at) - ms_played) as first_played_ms,
        to_timestamp(first_played_ms / 1000) as first_played_at,
    from library_plays(user_name)
    group by track_key;

create or replace temp macro library_items(user_name) as table
    select * from fct_library_item where user_key = surrogate_key('user:' || user_name);

create or replace temp macro library_liked(user_name) as table
    select * from library_items(user_name) where list = 'liked' and is_current;

create or replace temp macro library_liked_use(user_name) as table
    select
        liked.library_item_key,
        any_value(liked.item_name) as name,
        any_value(liked.artist_name) as artist,
        any_value(liked.album_name) as album,
        any_value(liked.added_at) as added_at,
        coalesce(sum(track_plays.plays), 0)::integer as plays,
        coalesce(sum(track_plays.ms), 0) as ms,
        min(track_plays.first_played_at) as first_played_at,
        -- from the first play's start to the like; negative when liked before it
        epoch_ms(any_value(liked.added_at)) - min(track_plays.first_played_ms) as ms_to_save,
    from library_liked(user_name) as liked
    left join bridge_library_track as bridge using (item_uri)
    left join library_track_plays(user_name) as track_plays using (track_key)
    group by liked.library_item_key;
