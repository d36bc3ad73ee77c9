-- Read-only share links: one row per link; the URL carries the id and an HMAC of it, keyed by the secret in
-- warehouse_state ('share_secret'). Revoked or expired links show nothing.
create table if not exists share_link (
    link_id varchar primary key,
    page varchar not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
