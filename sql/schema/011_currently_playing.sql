-- What Spotify's currently-playing endpoint showed of an item recently-played never reports (a podcast episode, a
-- local file), as last seen before it ended (REALTIME_POLL_SECONDS): the answer as received, when it was seen and
-- how far it had played then. One row per such play; the marts are rebuilt from these too.
create sequence if not exists raw_currently_playing_id_seq start 1;

create table if not exists raw_spotify_currently_playing (
    play_id bigint primary key,
    user_name varchar not null,
    -- the last answer that still showed the item: it ended after this, before the next poll
    last_seen_at timestamptz not null,
    -- its progress_ms then: a lower bound of how long it played
    ms_played bigint not null,
    response json not null
);
