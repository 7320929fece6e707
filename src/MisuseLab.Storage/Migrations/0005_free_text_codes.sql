-- 0005: analysts' qualitative codes of free-text answers (one code string per participant and item).
-- Only finished participants (completed, abandoned) are coded, so a withdrawal, which happens in progress and
-- deletes the answers, never leaves a code behind. code may hold several codes separated by ';'.

CREATE TABLE free_text_codes (
    participant_id {{bigint}} NOT NULL REFERENCES participants (id),
    item_id        TEXT NOT NULL,
    code           TEXT NOT NULL,
    updated_at     {{timestamp}} NOT NULL,
    PRIMARY KEY (participant_id, item_id)
);
