-- Name normalisation shared by every model. Names are NFC-normalised and trimmed of all Unicode white space
-- (DuckDB's trim() strips only ASCII spaces, and exports contain U+00A0); the compared form is also lower-cased.
create or replace macro clean_name(s) as
    nullif(regexp_replace(nfc_normalize(s), '^[\x{09}-\x{0D}\x{1C}-\x{1F}\x{85}\p{Z}\x{FEFF}]+|[\x{09}-\x{0D}\x{1C}-\x{1F}\x{85}\p{Z}\x{FEFF}]+$', '', 'g'), '');

create or replace macro compared_name(s) as lower(clean_name(s));

-- Deterministic surrogate key: the first 60 bits of the md5 of the natural key, so rebuilds give the same keys.
create or replace macro surrogate_key(s) as cast('0x' || left(md5(s), 15) as bigint);
