-- 0013: sign-in links for studies whose participants join without an account (participant_sign_in "link").
-- A link row is one participant's credential for one study: only the SHA-256 of the token is stored (hex), so the
-- database never holds a usable link. revoked_at set = the link signs in nothing from then on. Participants who join
-- by link have no users row (participants.user_id stays NULL).
CREATE TABLE participant_links (
    id             {{id}},
    participant_id {{bigint}} NOT NULL REFERENCES participants (id),
    token_hash     TEXT NOT NULL,
    created_at     {{timestamp}} NOT NULL,
    revoked_at     {{timestamp}} NULL
);

CREATE UNIQUE INDEX ux_participant_links_token ON participant_links (token_hash);
CREATE INDEX ix_participant_links_participant ON participant_links (participant_id);

-- A facilitator may withdraw an invitation before or after it is used.
ALTER TABLE invite_codes ADD COLUMN revoked_at {{timestamp}} NULL;
