-- The first value of a wrong JSON type in the import, if any: whole numbers where milliseconds and timestamps in
-- seconds or ms belong, true/false where flags belong (null is allowed everywhere: every key is optional).
-- One filtered scan per source; only an offending row is taken apart to name its field.
with

extended_wrong as (
    select
        source_file,
        rowid as position,
        case
            when not is_whole_number(ms_played) then 'ms_played'
            when not is_whole_number(offline_timestamp) then 'offline_timestamp'
            when not is_flag(shuffle) then 'shuffle'
            when not is_flag(skipped) then 'skipped'
            when not is_flag(offline) then 'offline'
            else 'incognito_mode'
        end as field,
        case
            when not is_whole_number(ms_played) then ms_played
            when not is_whole_number(offline_timestamp) then offline_timestamp
            when not is_flag(shuffle) then shuffle
            when not is_flag(skipped) then skipped
            when not is_flag(offline) then offline
            else incognito_mode
        end as value,
    from import_extended
    where not (
        is_whole_number(ms_played) and is_whole_number(offline_timestamp) and is_flag(shuffle) and is_flag(skipped)
        and is_flag(offline) and is_flag(incognito_mode)
    )
),

account_wrong as (
    select source_file, rowid as position, 'msPlayed' as field, ms_played as value,
    from import_account
    where not is_whole_number(ms_played)
),

-- A scrobble's time is Unix seconds as text in the CSV: it must read as a whole number.
lastfm_wrong as (
    select source_file, rowid as position, 'uts' as field, to_json(uts) as value,
    from import_lastfm
    -- digits only: try_cast would also take "1e9", "0x10" and "1714557600.5"
    where uts is not null and not regexp_full_match(trim(uts), '[0-9]{1,12}')
),

-- A listen's time is Unix seconds; its track_metadata an object.
listenbrainz_wrong as (
    select
        source_file,
        rowid as position,
        case when not is_whole_number(listened_at) then 'listened_at' else 'track_metadata' end as field,
        case when not is_whole_number(listened_at) then listened_at else track_metadata end as value,
    from import_listenbrainz
    where not is_whole_number(listened_at)
        or (track_metadata is not null and json_type(track_metadata) not in ('OBJECT', 'NULL'))
),

wrong as (
    select 1 as source_order, * from extended_wrong
    union all
    select 2 as source_order, * from account_wrong
    union all
    select 3 as source_order, * from lastfm_wrong
    union all
    select 4 as source_order, * from listenbrainz_wrong
)

select
    wrong.source_file,
    wrong.position - file_start.first_position + 1 as row_number,
    wrong.field,
    case
        when wrong.field in ('shuffle', 'skipped', 'offline', 'incognito_mode') then 'true or false'
        when wrong.field in ('uts', 'listened_at') then 'Unix seconds (a whole number)'
        when wrong.field = 'track_metadata' then 'an object'
        else 'a whole number'
    end as expected,
    wrong.value::varchar as value,
from wrong
join import_file_start as file_start using (source_file)
order by wrong.source_order, wrong.position
limit 1
