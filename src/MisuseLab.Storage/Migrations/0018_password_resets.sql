-- 0018: password reset links. Only the SHA-256 (hex) of a link's token is stored, so the database never holds a usable
-- link. A link is single-use (used_at set in the same transaction as the new password) and expires at expires_at.
CREATE TABLE password_resets (
    id          {{id}},
    user_id     {{bigint}} NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    expires_at  {{timestamp}} NOT NULL,
    used_at     {{timestamp}} NULL
);

CREATE UNIQUE INDEX ux_password_resets_token ON password_resets (token_hash);
CREATE INDEX ix_password_resets_user ON password_resets (user_id);
