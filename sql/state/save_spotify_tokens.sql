-- Stores a token answer for a user ($1): a refresh answer without refresh_token keeps the old one (coalesce); a
-- rotated one replaces it now. $6 is true for a new consent (connected_at restarts). The library consent ($7)
-- follows the scope when Spotify reports one; a new consent without one is unknown again.
insert into spotify_connection
    (user_name, refresh_token, access_token, access_expires_at, scope, status, connected_at, updated_at,
     library_consent)
values ($1, $2, $3, $4::timestamptz, $5, 'connected', now(), now(), $7)
on conflict (user_name) do update set
    refresh_token = coalesce(excluded.refresh_token, spotify_connection.refresh_token),
    access_token = excluded.access_token,
    access_expires_at = excluded.access_expires_at,
    scope = coalesce(excluded.scope, spotify_connection.scope),
    status = 'connected',
    connected_at = case when $6 then now() else spotify_connection.connected_at end,
    updated_at = now(),
    last_error = null,
    library_consent = coalesce(
        excluded.library_consent,
        case when $6 then null else spotify_connection.library_consent end
    )
