-- 0014: screening (a study's entry rule on a background answer). A participant the rule screens out keeps their row
-- and background answers (they are counted and exported with status 'screened-out') but never sees a page: the
-- screening transaction sets screened_out_at and frees their assignment slot, so the next newcomer takes that place
-- in the block and the blocks stay balanced. status stays 'consented' in the table (its CHECK predates screening and
-- SQLite cannot alter a CHECK); repositories read a row with screened_out_at set as status screened-out, and every
-- statement that acts on sessions in progress skips it.
ALTER TABLE participants ADD COLUMN screened_out_at {{timestamp}} NULL;
