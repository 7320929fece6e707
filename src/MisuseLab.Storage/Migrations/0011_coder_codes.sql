-- 0011: blind, independent codes of free-text answers, one row per answer and coder (an analyst account), so two coders
-- can code the same answers without seeing each other's codes and their agreement (Cohen's kappa) can be computed.
-- A row means "this coder reviewed this answer"; code '' records that no code applies (a decision, not a gap).
-- free_text_codes (0005) stays the single, adjudicated code that the manipulation page edits and responses.csv carries.

CREATE TABLE free_text_coder_codes (
    participant_id {{bigint}} NOT NULL REFERENCES participants (id),
    item_id        TEXT NOT NULL,
    coder_id       {{bigint}} NOT NULL REFERENCES users (id),
    code           TEXT NOT NULL,
    updated_at     {{timestamp}} NOT NULL,
    PRIMARY KEY (participant_id, item_id, coder_id)
);
