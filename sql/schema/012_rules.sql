-- The listener's own rules over their data: merge, rename and exclude artists, tracks, albums and shows, and how
-- multi-artist credits split. Rules are data, written by warehouse/state/rules.ts only; the models apply them
-- (int_rule_* in sql/intermediate), so a rebuild never loses them and every page, export and query sees them.
-- A rule names what it changes by identity: an artist or show by its compared name (NFC, trimmed, lower-case),
-- a track or album by its key; `subject_name` and `target_name` keep the names shown when it was made.
create table if not exists rule (
    rule_id integer primary key,
    -- merge-artist, rename-artist, exclude-artist, merge-track, rename-track, exclude-track, merge-album,
    -- rename-album, exclude-album, exclude-show, split-artists
    kind varchar not null,
    -- the artist's or show's compared name, the track's or album's key; for split-artists the separators, as JSON
    subject varchar not null,
    -- merge: what it goes into (compared name or key); rename: the new name; otherwise null
    target varchar,
    subject_name varchar,
    target_name varchar,
    -- an exclusion for one listener; null: everyone
    user_name varchar,
    created_at timestamptz not null
);
