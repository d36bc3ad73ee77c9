-- Accepted values and the key each kind of content carries.
select * from fct_play
where content_type not in ('track', 'episode', 'audiobook')
    or source not in ('extended', 'account', 'api', 'lastfm', 'listenbrainz', 'submitted', 'manual')
    or (source <> 'manual' and ms_is_estimated <> (source in ('api', 'lastfm', 'listenbrainz', 'submitted')))
    or (client is not null) <> (source in ('submitted', 'manual'))
    or ms_played < 0
    or (content_type = 'track' and (track_key is null or episode_key is not null))
    or (content_type <> 'track' and (episode_key is null or track_key is not null or artist_key is not null))
