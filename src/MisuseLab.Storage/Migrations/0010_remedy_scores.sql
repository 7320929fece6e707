-- 0010: remedy scores (issue 17). When a version whose study declares a remedy menu is launched, every combination
-- of the menu's options (k <= 8, so at most 256 per model) is scored once per model and stored here, so a
-- participant's remedy submission is a lookup; larger menus are scored on demand and stored the same way.
-- choice_mask: bit i set = option i of the menu chosen. score_json is the score's canonical JSON exactly as the
-- platform wrote it (storage never interprets it); score_sha256 its hash.

CREATE TABLE remedy_scores (
    study_version_id {{bigint}} NOT NULL REFERENCES study_versions (id),
    model_id         TEXT NOT NULL,
    choice_mask      {{bigint}} NOT NULL,
    choices          TEXT NOT NULL,
    score_sha256     TEXT NOT NULL,
    score_json       TEXT NOT NULL,
    PRIMARY KEY (study_version_id, model_id, choice_mask)
);
