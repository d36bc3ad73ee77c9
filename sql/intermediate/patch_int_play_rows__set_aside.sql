-- Marks the valid rows in int_play_rows that are not plays of their own. Rules (pinned by
-- tests/import_rules_test.ts):
-- * Extended rows with the same user, timestamp and content are one play; the row with the largest ms_played wins.
-- * Account rows identical in (endTime, names, msPlayed) are one play.
-- * An account music row whose names equal an extended track play that ended in the same minute (±1 minute) is
--   that play and adds nothing: extended data has URIs and seconds. Each account row is judged on its own.
-- * A recently-played track (or an episode or local file seen on currently-playing: source 'api' too) is the same
--   play as an extended play of the same content whose interval [ts - ms_played - 60 s, ts + 60 s] contains its
--   played_at: the extended row wins, whichever arrived first. The same track at the same played_at in two API
--   responses is one play.
-- * Scrobbles (Last.fm, ListenBrainz, and the listens this server received: submitted by players or typed in) of
--   the same user, names and start second are one play, across all of them: a file's scrobble first, then the
--   listen received first. A scrobble whose names equal a Spotify track play (extended, account or
--   recently-played) that started within 2 minutes of it is that play: Spotify's data wins (it knows how long the
--   track played), whichever was imported or received first.
-- Updating the few rows set aside is far cheaper than writing a second wide table of the winners.
update int_play_rows
set is_play = false
where rowid in (
    with

    -- Not materialized: each use scans the (columnar) temp table for the few columns it needs.
    candidates as not materialized (
        select
            rowid as candidate_id,
            user_name,
            source,
            content_type,
            content_key,
            played_at,
            ms_played,
            artist_cmp,
            track_cmp,
            import_id,
            ingest_id,
            source_file,
            row_number,
        from int_play_rows
        where is_play
    ),

    extended_repeated_keys as (
        select user_name, content_key, played_at
        from candidates
        where source = 'extended'
        group by all
        having count(*) > 1
    ),

    extended_set_aside as (
        select candidate_id
        from candidates
        semi join extended_repeated_keys using (user_name, content_key, played_at)
        where source = 'extended'
        qualify row_number() over (
            partition by user_name, content_key, played_at
            order by ms_played desc, import_id, source_file, row_number
        ) > 1
    ),

    account_repeats as (
        select candidate_id
        from candidates
        where source = 'account'
        qualify row_number() over (
            partition by user_name, content_type, content_key, played_at, ms_played
            order by import_id, source_file, row_number
        ) > 1
    ),

    account_tracks as (
        select * from candidates where source = 'account' and content_type = 'track'
    ),

    extended_track_minutes as (
        select distinct
            user_name,
            artist_cmp,
            track_cmp,
            date_trunc('minute', played_at) as played_minute,
        from candidates
        where source = 'extended' and content_type = 'track' and artist_cmp is not null and track_cmp is not null
            and exists (select 1 from account_tracks)
    ),

    account_in_extended as (
        select candidate_id
        from account_tracks
        where exists (
            select 1
            from extended_track_minutes as extended_track
            where extended_track.user_name = account_tracks.user_name
                and extended_track.artist_cmp = account_tracks.artist_cmp
                and extended_track.track_cmp = account_tracks.track_cmp
                and extended_track.played_minute between account_tracks.played_at - interval 1 minute
                and account_tracks.played_at + interval 1 minute
        )
    ),

    api_candidates as (
        select * from candidates where source = 'api'
    ),

    api_repeats as (
        select candidate_id
        from api_candidates
        qualify row_number() over (partition by user_name, content_key, played_at order by ingest_id) > 1
    ),

    -- An inner join (not EXISTS) so the planner builds its hash table on the few API rows, not on every play.
    api_in_extended as (
        select distinct api.candidate_id
        from api_candidates as api
        join candidates as extended
            on extended.user_name = api.user_name
            and extended.content_key = api.content_key
        where extended.source = 'extended'
            and api.played_at between extended.played_at - to_milliseconds(extended.ms_played) - interval 60 second
            and extended.played_at + interval 60 second
    ),

    lastfm_candidates as (
        select * from candidates where source in ('lastfm', 'listenbrainz', 'submitted', 'manual')
    ),

    -- Received listens (submitted, manual) come after the files' scrobbles, in the order received (row_number).
    lastfm_repeats as (
        select candidate_id
        from lastfm_candidates
        qualify row_number() over (
            partition by user_name, content_key, played_at - to_milliseconds(ms_played)
            order by import_id is null, if(import_id is null, '', source), import_id, source_file, row_number
        ) > 1
    ),

    -- Joined on the names, so the hash table is built on the scrobbles; Spotify plays start at end − ms_played.
    lastfm_in_spotify as (
        select distinct scrobble.candidate_id
        from lastfm_candidates as scrobble
        join candidates as spotify
            on spotify.user_name = scrobble.user_name
            and spotify.artist_cmp = scrobble.artist_cmp
            and spotify.track_cmp = scrobble.track_cmp
        -- (the exists skips the scan of every Spotify play when there are no scrobbles, as for most users)
        where exists (select 1 from lastfm_candidates)
            and spotify.source in ('extended', 'account', 'api') and spotify.content_type = 'track'
            and spotify.played_at - to_milliseconds(spotify.ms_played)
                between scrobble.played_at - to_milliseconds(scrobble.ms_played) - interval 2 minute
                and scrobble.played_at - to_milliseconds(scrobble.ms_played) + interval 2 minute
    )

    select candidate_id from extended_set_aside
    union
    select candidate_id from lastfm_repeats
    union
    select candidate_id from lastfm_in_spotify
    union
    select candidate_id from api_repeats
    union
    select candidate_id from api_in_extended
    union
    select candidate_id from account_repeats
    union
    select candidate_id from account_in_extended
)
