-- Name normalisation shared by every model. Names are NFC-normalised and trimmed of all Unicode white space
-- (plain trim() strips only ASCII spaces, and exports contain U+00A0); the compared form is also lower-cased.
-- trim() with a character list is slow (190 ms per column on 350k rows): an anchored regular expression
-- first finds the few names that need it (28 ms).

-- The white space characters, as UTF-8 bytes: U+0009-000D, U+0020, U+0085, U+00A0, U+1680, U+2000-200A,
-- U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF. A chain of chr() calls says the same, but binding it costs
-- ~2.5 ms each time a model names a name: 0.7 of the 1.0 s a build took on a warehouse of two plays.
create or replace macro unicode_whitespace() as
    decode('\x09\x0A\x0B\x0C\x0D\x20\xC2\x85\xC2\xA0\xE1\x9A\x80\xE2\x80\x80\xE2\x80\x81\xE2\x80\x82\xE2\x80\x83\xE2\x80\x84\xE2\x80\x85\xE2\x80\x86\xE2\x80\x87\xE2\x80\x88\xE2\x80\x89\xE2\x80\x8A\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\x9F\xE3\x80\x80\xEF\xBB\xBF'::blob);

create or replace macro trim_unicode(s) as
    case
        when regexp_matches(s, '^[\s\x{0B}\x{85}\p{Z}\x{FEFF}]|[\s\x{0B}\x{85}\p{Z}\x{FEFF}]$')
            then trim(s, unicode_whitespace())
        else s
    end;

create or replace macro clean_name(s) as nullif(trim_unicode(nfc_normalize(s)), '');

create or replace macro compared_name(s) as lower(clean_name(s));

-- Deterministic surrogate key: 60 bits of the md5 of the natural key, so rebuilds give the same keys
-- (md5_number avoids formatting and parsing hex: 2x faster on 350k rows).
create or replace macro surrogate_key(s) as cast(md5_number(s) >> 68 as bigint);

-- The artist, track and album a play row names, as keys, before any rule: int_play_rows keeps them per row,
-- int_ruled_plays gives the keys they are merged into. An album is (artist, album) by compared names.
create or replace macro own_artist_key(content_type, artist_cmp) as
    case when content_type = 'track' and artist_cmp is not null then surrogate_key('artist:' || artist_cmp) end;
create or replace macro own_track_key(content_type, content_key) as
    case when content_type = 'track' then surrogate_key('track:' || content_key) end;
create or replace macro own_album_key(content_type, artist_cmp, album_cmp) as
    case
        when content_type = 'track' and artist_cmp is not null and album_cmp is not null
            then surrogate_key('album:' || artist_cmp || chr(31) || album_cmp)
    end;

-- A play's key: its user, its source, and what tells one play of that source from another (content and end time,
-- and more where the source needs it; intermediate/int_play_rows.sql says what for each).
create or replace macro play_key(user_name, source, play_identity) as
    surrogate_key('play:' || user_name || chr(31) || source || chr(31) || play_identity);

-- A name longer than any real track, artist, album, episode or show (1,000 characters): such a row is refused
-- (an export of five million characters in one name would otherwise be stored whole). Up to seven names.
create or replace macro name_too_long(a, b, c, d, e, f, g) as
    greatest(
        coalesce(length(a), 0), coalesce(length(b), 0), coalesce(length(c), 0), coalesce(length(d), 0),
        coalesce(length(e), 0), coalesce(length(f), 0), coalesce(length(g), 0)
    ) > 1000;

-- JSON type checks for import (values are read as JSON so a wrong type is refused, not guessed).
create or replace macro is_whole_number(value) as
    value is null or json_type(value) in ('UBIGINT', 'BIGINT', 'NULL');

create or replace macro is_flag(value) as value is null or json_type(value) in ('BOOLEAN', 'NULL');

-- A platform's family, for the Behaviour page: old exports say "iOS 14.7.1 (iPhone10,3)" or
-- "Partner google cast_tv;Chromecast;;", new ones "android", "windows", "cast" (86 distinct texts seen in one
-- real export). Order matters: "Partner … cast" is a cast device, "web_player windows" the web player.
create or replace macro platform_family(platform) as
    case
        when platform is null or trim(platform) in ('', 'unknown') then 'unknown'
        when lower(platform) like '%web_player%' or lower(platform) like '%web player%' then 'web player'
        when lower(platform) like '%cast%' then 'cast'
        when lower(platform) like '%android%' then 'Android'
        when lower(platform) like 'ios%' or lower(platform) like '%iphone%' or lower(platform) like '%ipad%'
            then 'iOS'
        when lower(platform) like '%windows%' then 'Windows'
        when lower(platform) like '%os x%' or lower(platform) like '%osx%' or lower(platform) like '%macos%'
            or lower(platform) like 'mac%' then 'macOS'
        when lower(platform) like '%linux%' then 'Linux'
        when lower(platform) like 'partner%' or lower(platform) like '%sonos%' or lower(platform) like '%alexa%'
            or lower(platform) like '%echo%' or lower(platform) like '%tv%' then 'speakers, TVs and cars'
        else 'other'
    end;

-- A date as a dim_date key (yyyymmdd).
create or replace macro date_key_of(d) as year(d) * 10000 + month(d) * 100 + day(d);
