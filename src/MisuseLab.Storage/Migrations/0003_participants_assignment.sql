-- 0003: participants, their places in the assignment schedule, invite codes.

-- One row per person who consented to a study (declining keeps nothing, so no row). pseudonym is random, never
-- derived from the e-mail; exports use it instead of user_id. cell_id and slot_index are fixed at enrolment and
-- never change. current_page indexes the study version's pages (0 = consent). entry_code holds the invite code
-- (entry 'invite') or the PROLIFIC_PID (entry 'prolific'). 'declined' is accepted for imports of paper consent
-- records; the web app never stores it.
CREATE TABLE participants (
    id               {{id}},
    study_id         {{bigint}} NOT NULL REFERENCES studies (id),
    study_version_id {{bigint}} NOT NULL REFERENCES study_versions (id),
    user_id          {{bigint}} NULL REFERENCES users (id),
    pseudonym        TEXT NOT NULL,
    cell_id          TEXT NOT NULL,
    slot_index       INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('consented', 'active', 'completed', 'withdrawn', 'abandoned', 'declined')),
    entry            TEXT NOT NULL CHECK (entry IN ('open', 'invite', 'prolific')),
    entry_code       TEXT NULL,
    current_page     INTEGER NOT NULL,
    started_at       {{timestamp}} NOT NULL,
    finished_at      {{timestamp}} NULL,
    completion_code  TEXT NULL,
    UNIQUE (study_id, pseudonym),
    UNIQUE (study_id, user_id)
);

CREATE INDEX ix_participants_version ON participants (study_version_id, status);

-- The permuted-block schedule as handed out so far: slots 0..M-1 of a version, each with the cell the schedule fixes
-- there. participant_id is the slot's latest holder (an abandoned slot is re-used by the next newcomer).
CREATE TABLE assignment_slots (
    study_version_id {{bigint}} NOT NULL REFERENCES study_versions (id),
    slot_index       INTEGER NOT NULL,
    cell_id          TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('free', 'active', 'completed', 'abandoned')),
    participant_id   {{bigint}} NULL REFERENCES participants (id),
    updated_at       {{timestamp}} NOT NULL,
    PRIMARY KEY (study_version_id, slot_index)
);

-- Single-use codes for studies with invite enrolment; used_by is set in the enrolment transaction.
CREATE TABLE invite_codes (
    code       TEXT NOT NULL PRIMARY KEY,
    study_id   {{bigint}} NOT NULL REFERENCES studies (id),
    created_at {{timestamp}} NOT NULL,
    used_by    {{bigint}} NULL REFERENCES participants (id),
    used_at    {{timestamp}} NULL
);
