-- One row per play, the listener's rules applied (int_ruled_plays, int_excluded_plays). played_at is when playback ended (UTC);
-- date_key and time_key are local to the configured time zone. A play counts when ms_played >= MIN_PLAY_MS;
-- minutes listened sum every ms_played.
with

plays as (
    select * from int_ruled_plays
),

localised as (
    select
        *,
        timezone(getvariable('timezone'), played_at) as played_at_local,
    from plays
)

select
    play_key,
    surrogate_key('user:' || user_name) as user_key,
    played_at,
    year(played_at_local) * 10000 + month(played_at_local) * 100 + day(played_at_local) as date_key,
    hour(played_at_local) * 60 + minute(played_at_local) as time_key,
    -- after the merge rules (int_ruled_plays)
    track_key,
    artist_key,
    album_key,
    case when content_type <> 'track' then surrogate_key(content_type || ':' || content_key) end as episode_key,
    content_type,
    source,
    ms_played,
    ms_played >= getvariable('min_play_ms') as is_counted,
    -- left out of every statistic by an exclusion rule: shown, marked, in History only
    play_key in (select play_key from int_excluded_plays) as is_excluded,
    skipped,
    shuffle,
    offline,
    incognito,
    platform,
    conn_country,
    reason_start,
    reason_end,
    offline_at,
    ms_is_estimated,
    import_id,
    ingest_id,
    listen_id,
    -- the player a received listen came from ("Jellyfin", "navidrome", "manual"); null for other sources
    client,
    -- the track by compared names (artist, track), whatever the source: how a listen and a Spotify play of the same
    -- song are matched without a rebuild (for a scrobble it is its track_key)
    case
        when content_type = 'track' and names_artist_cmp is not null and track_cmp is not null
            then surrogate_key('track:name:' || names_artist_cmp || chr(31) || track_cmp)
    end as names_key,
from localised
