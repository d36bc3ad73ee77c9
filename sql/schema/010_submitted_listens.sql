-- Listens this server received, one row per listen, landed in one transaction per request: from players over the
-- ListenBrainz-compatible API (source 'submitted') and typed in on the Listens page (source 'manual'). The listen
-- is kept as received ({listened_at, track_metadata}); the marts are rebuilt from it (stg_submitted__listens).
create sequence if not exists raw_submitted_listen_id_seq start 1;

create sequence if not exists raw_submission_id_seq start 1;

create table if not exists raw_submitted_listen (
    listen_id bigint primary key,
    -- the request (or form) it came in: every listen of one is landed together, or none
    submission_id bigint not null,
    user_name varchar not null,
    received_at timestamptz not null,
    -- submitted | manual
    source varchar not null,
    -- the token a player sent it with (listen_token); null for a manual listen
    token_id bigint,
    listen json not null
);

-- The tokens players send (`Authorization: Token <token>`), one or more per listener. Only a token's SHA-256 is
-- kept: the token is shown once, when it is made, and is never stored, logged or exported.
create sequence if not exists listen_token_id_seq start 1;

create table if not exists listen_token (
    token_id bigint primary key,
    user_name varchar not null,
    -- what the owner called it ("Navidrome", "phone"), optional
    label varchar,
    token_sha256 varchar not null,
    created_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz
);
