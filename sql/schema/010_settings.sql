-- Settings changed on the Settings page or with `settings set`, one row each, kept as warehouse/state/settings.ts
-- writes them: a secret the program never needs back (the admin password, the metrics token) only as its hash.
-- The environment wins over these (config.ts). Never exported; a backup holds them, as it holds the tokens.
create table if not exists setting (
    key varchar primary key,
    value varchar not null,
    updated_at timestamptz not null
);
