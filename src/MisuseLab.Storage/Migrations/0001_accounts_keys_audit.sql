-- 0001: accounts, ASP.NET Core Data Protection keys, tamper-evident audit log.
-- Tokens ({{id}}, {{timestamp}}, {{bigint}}, {{bytes}}) are replaced per engine; see Migrations/README.md.

CREATE TABLE users (
    id            {{id}},
    email         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    lockout_end   {{timestamp}} NULL,
    created_at    {{timestamp}} NOT NULL
);

-- One account per address whatever its letter case; lookups use the same expression so they hit this index.
CREATE UNIQUE INDEX ux_users_email ON users (lower(email));

CREATE TABLE data_protection_keys (
    id            {{id}},
    friendly_name TEXT NOT NULL UNIQUE,
    xml           TEXT NOT NULL
);

-- seq is assigned by AuditLog (gapless, 1-based) because the hash covers it.
-- payload_json is TEXT, not jsonb: the hash covers the exact characters stored.
CREATE TABLE audit_log (
    seq          {{bigint}} NOT NULL PRIMARY KEY,
    at           {{timestamp}} NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
