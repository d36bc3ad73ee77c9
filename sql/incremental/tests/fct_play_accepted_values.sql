-- Stands in for tests/fct_play_accepted_values.sql after an append (appendPlays): that test judges each play on
-- its own, and every play but the ones the append added (new_play) passed it before (an append adds dimension
-- rows, never removes one). The same statement over new_play: build_test.ts checks they stay in step.
select * from new_play
where content_type not in ('track', 'episode', 'audiobook')
    or source not in ('extended', 'account', 'api', 'lastfm', 'listenbrainz', 'submitted', 'manual')
    or (source <> 'manual' and ms_is_estimated <> (source in ('api', 'lastfm', 'listenbrainz', 'submitted')))
    or (client is not null) <> (source in ('submitted', 'manual'))
    or ms_played < 0
    or (content_type = 'track' and (track_key is null or episode_key is not null))
    or (content_type <> 'track' and (episode_key is null or track_key is not null or artist_key is not null))
