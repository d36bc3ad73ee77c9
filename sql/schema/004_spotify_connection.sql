-- Spotify connections (one per user of the household), pending authorisations, ingestion state and raw
-- recently-played responses. Tokens live here and nowhere else: never logged, never exported, never shown.

create table if not exists spotify_connection (
    user_name varchar primary key,
    refresh_token varchar,
    access_token varchar,
    access_expires_at timestamptz,
    scope varchar,
    -- connected | needs_reconnect
    status varchar not null,
    connected_at timestamptz not null,
    updated_at timestamptz not null,
    -- the newest played_at (Unix ms) ingested: the next poll asks for plays after it
    cursor_after_ms bigint,
    -- no polling before this time (a daily quota was exceeded, or a long Retry-After)
    paused_until timestamptz,
    last_error varchar
);

-- A consent started but not finished: the PKCE verifier waits here for Spotify's redirect (or a pasted URL).
create table if not exists spotify_auth_request (
    state varchar primary key,
    user_name varchar not null,
    code_verifier varchar not null,
    created_at timestamptz not null
);

create sequence if not exists raw_ingest_id_seq start 1;

-- Every recently-played response as received, so the warehouse can be rebuilt from raw alone.
create table if not exists raw_spotify_recently_played (
    ingest_id bigint primary key,
    user_name varchar not null,
    fetched_at timestamptz not null,
    after_ms bigint,
    response json not null
);

-- Stretches of time in which plays may have been lost (a poll found 50 plays, all new).
create table if not exists ingest_gap (
    user_name varchar not null,
    gap_from timestamptz,
    gap_to timestamptz not null,
    found_at timestamptz not null
);
