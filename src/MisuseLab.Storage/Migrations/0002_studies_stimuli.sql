-- 0002: studies, their frozen versions, and the stimuli built when a version is launched.
-- Tokens ({{id}}, {{timestamp}}, {{bigint}}) are replaced per engine; see Migrations/README.md.

-- A study is known by its slug (the study file's "id"); current_version_id is the version participants join.
-- current_version_id has no REFERENCES: studies and study_versions point at each other, and SQLite cannot add a
-- constraint after the fact. StudyRepository.LaunchAsync only ever sets it to a version of the same study.
CREATE TABLE studies (
    id                 {{id}},
    slug               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    current_version_id {{bigint}} NULL,
    created_at         {{timestamp}} NOT NULL
);

-- definition_json is the study file exactly as imported (never edited); study_hash is StudyHash.Compute of it.
-- A version is frozen once launched: only status changes afterwards.
CREATE TABLE study_versions (
    id              {{id}},
    study_id        {{bigint}} NOT NULL REFERENCES studies (id),
    version         TEXT NOT NULL,
    study_hash      TEXT NOT NULL,
    definition_json TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paused', 'closed')),
    created_at      {{timestamp}} NOT NULL,
    launched_at     {{timestamp}} NULL,
    UNIQUE (study_id, study_hash)
);

-- Content-addressed: sha256 = StimulusSerializer.Hash (lower-case hex) of canonical_json. The other columns say
-- where the stimulus was first built; study_version_stimuli says where each version shows it.
CREATE TABLE stimuli (
    sha256           TEXT NOT NULL PRIMARY KEY,
    study_version_id {{bigint}} NOT NULL REFERENCES study_versions (id),
    cell_id          TEXT NOT NULL,
    page_id          TEXT NOT NULL,
    instance         TEXT NULL,
    canonical_json   TEXT NOT NULL
);

-- What a cell shows on a page of a version. question_id is '' for the page's own content and the question id for
-- a forward-simulation trial. Pages without content (consent, ratings, free text, debrief) have no row.
CREATE TABLE study_version_stimuli (
    study_version_id {{bigint}} NOT NULL REFERENCES study_versions (id),
    cell_id          TEXT NOT NULL,
    page_id          TEXT NOT NULL,
    question_id      TEXT NOT NULL,
    stimulus_sha256  TEXT NOT NULL REFERENCES stimuli (sha256),
    PRIMARY KEY (study_version_id, cell_id, page_id, question_id)
);
