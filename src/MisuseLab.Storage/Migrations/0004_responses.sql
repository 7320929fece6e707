-- 0004: what participants answered and did. Withdrawal deletes a participant's rows here.

CREATE TABLE background_answers (
    participant_id {{bigint}} NOT NULL REFERENCES participants (id),
    item_id        TEXT NOT NULL,
    value          TEXT NOT NULL,
    answered_at    {{timestamp}} NOT NULL,
    PRIMARY KEY (participant_id, item_id)
);

-- One row per participant and item: saving again updates value, stimulus and updated_at, never duplicates.
-- stimulus_sha256 is the stimulus of the page (or forward-simulation trial) the answer was given on; NULL on pages
-- without content (ratings, free text). Item ids are unique study-wide, so (participant, item) identifies the question.
CREATE TABLE answers (
    id              {{id}},
    participant_id  {{bigint}} NOT NULL REFERENCES participants (id),
    page_id         TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    value           TEXT NOT NULL,
    stimulus_sha256 TEXT NULL REFERENCES stimuli (sha256),
    answered_at     {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL,
    UNIQUE (participant_id, item_id)
);

-- Page views and submits (with dwell times), chart interactions. detail_json is a small JSON object.
CREATE TABLE events (
    id             {{id}},
    participant_id {{bigint}} NOT NULL REFERENCES participants (id),
    page_id        TEXT NOT NULL,
    type           TEXT NOT NULL,
    detail_json    TEXT NOT NULL,
    at             {{timestamp}} NOT NULL
);

CREATE INDEX ix_events_participant ON events (participant_id, id);
