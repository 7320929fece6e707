-- 0016: per-study access. A study's members are the staff accounts (facilitators, analysts) who see and act on it;
-- admins see every study without a row here. The account that imports a study becomes its first member in the
-- import's transaction. Studies imported before this migration have no members: only admins see them until an admin
-- adds members on the study's facilitator page (docs/deployment.md).
CREATE TABLE study_members (
    study_id   {{bigint}} NOT NULL REFERENCES studies (id),
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    added_at   {{timestamp}} NOT NULL,
    PRIMARY KEY (study_id, user_id)
);

CREATE INDEX ix_study_members_user ON study_members (user_id);
