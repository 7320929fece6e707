-- 0017: pilot runs. A facilitator's "pilot with N bots" (or any pilot) admits people with invite codes marked pilot;
-- whoever enrols with such a code is a pilot participant. Analysis and export leave pilot participants out unless
-- asked for them, and the monitor counts them apart. Pilot participants take places in a schedule of their own:
-- their assignment_slots rows (and participants.slot_index) are negative, slot -1 - k for the pilot's k-th place,
-- so the study's real permuted blocks (slot_index >= 0) never hold a pilot participant.
-- 0/1 integers rather than BOOLEAN: one spelling for both engines.
ALTER TABLE invite_codes ADD COLUMN pilot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE participants ADD COLUMN pilot INTEGER NOT NULL DEFAULT 0;
