-- 0006: at most one page.submit event per participant and page.
-- A double click (or two tabs, or two nodes) submitting the same page at once used to record two page.submit events,
-- each with its own dwell time, so a dwell analysis counted the page twice. Earlier duplicates are dropped (the first
-- submit is kept: its dwell time is the one that ended the page), then the database refuses new ones.

DELETE FROM events
WHERE type = 'page.submit'
  AND id NOT IN (SELECT MIN(id) FROM events WHERE type = 'page.submit' GROUP BY participant_id, page_id);

CREATE UNIQUE INDEX ux_events_one_submit_per_page ON events (participant_id, page_id) WHERE type = 'page.submit';
