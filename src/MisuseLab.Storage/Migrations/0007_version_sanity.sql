-- 0007: the sanity checks run when a version is launched (model and data randomization of every explainer over
-- several seeds), stored with the version and the study hash they were computed for. report_json is the report
-- exactly as the launch wrote it; storage never interprets it.

CREATE TABLE study_version_sanity (
    study_version_id {{bigint}} NOT NULL PRIMARY KEY REFERENCES study_versions (id),
    study_hash       TEXT NOT NULL,
    report_json      TEXT NOT NULL,
    computed_at      {{timestamp}} NOT NULL
);
