-- Enrichment: every answer from Spotify's item lookups and from MusicBrainz, cached forever, so no item is asked
-- for twice and the enrichment marts can be rebuilt from these tables alone. A 404 is kept too (status 404, no
-- response): the item is unknown, and asking again would only give the same answer.

create table if not exists raw_spotify_item (
    -- track | album | artist
    kind varchar not null,
    spotify_id varchar not null,
    fetched_at timestamptz not null,
    status integer not null,
    response json,
    primary key (kind, spotify_id)
);

create table if not exists raw_musicbrainz (
    -- what was asked, e.g. "url:<spotify artist id>", "artist:<mbid>", "area:<mbid>", "isrc:<isrc>",
    -- "search:<compared artist name>"
    request varchar primary key,
    fetched_at timestamptz not null,
    status integer not null,
    response json
);

-- How each artist (by compared name) was matched to MusicBrainz, decided once from the cached answers above.
-- mbid is null when no answer passed the confidence rule (README: "How artists are matched").
create table if not exists enrich_artist_match (
    artist_name_compared varchar primary key,
    mbid varchar,
    -- listen mbid | spotify url | isrc | name search | none
    method varchar not null,
    decided_at timestamptz not null
);

-- Requests that failed for another reason than "unknown" (5xx after retries, a bad answer): tried again in a
-- later run, after the rest of the queue, so one bad item never blocks the others.
create table if not exists enrich_failure (
    -- spotify | musicbrainz
    service varchar not null,
    request varchar not null,
    attempts integer not null,
    last_error varchar not null,
    failed_at timestamptz not null,
    primary key (service, request)
);
