-- Leaves in each import_<source> table only the rows to land: the first row of each content, and only
-- when raw does not hold that content for this user yet (so re-imports add nothing), and never a row with a name
-- too long to be real (the report counts it as rejected). Row ids do not change.
delete from import_extended
where rowid not in (select position from import_first_row where source = 'extended')
    or row_hash in (select row_hash from raw_spotify_extended where user_name = getvariable('import_user'))
    or row_hash in (select row_hash from import_row where source = 'extended' and name_too_long);

delete from import_account
where rowid not in (select position from import_first_row where source = 'account')
    or row_hash in (select row_hash from raw_spotify_account where user_name = getvariable('import_user'))
    or row_hash in (select row_hash from import_row where source = 'account' and name_too_long);

delete from import_lastfm
where rowid not in (select position from import_first_row where source = 'lastfm')
    or row_hash in (select row_hash from raw_lastfm_scrobble where user_name = getvariable('import_user'))
    or row_hash in (select row_hash from import_row where source = 'lastfm' and name_too_long);

delete from import_listenbrainz
where rowid not in (select position from import_first_row where source = 'listenbrainz')
    or row_hash in (select row_hash from raw_listenbrainz_listen where user_name = getvariable('import_user'))
    or row_hash in (select row_hash from import_row where source = 'listenbrainz' and name_too_long);
