-- 0009: a withdrawn participant leaves no row. Withdrawal used to keep the participants row (status 'withdrawn', with
-- its user, pseudonym, invite code and slot) after deleting the answers; the consent promises deletion, so from now on
-- ParticipantEraser deletes the participant itself. Rows withdrawn before this migration are erased the same way:
-- codes, answers, events, the invite code they used, their hold on a slot (which becomes free), then the row.

DELETE FROM free_text_codes WHERE participant_id IN (SELECT id FROM participants WHERE status = 'withdrawn');
DELETE FROM answers WHERE participant_id IN (SELECT id FROM participants WHERE status = 'withdrawn');
DELETE FROM background_answers WHERE participant_id IN (SELECT id FROM participants WHERE status = 'withdrawn');
DELETE FROM events WHERE participant_id IN (SELECT id FROM participants WHERE status = 'withdrawn');
UPDATE assignment_slots SET state = 'free', participant_id = NULL
WHERE participant_id IN (SELECT id FROM participants WHERE status = 'withdrawn');
DELETE FROM invite_codes WHERE used_by IN (SELECT id FROM participants WHERE status = 'withdrawn');
DELETE FROM participants WHERE status = 'withdrawn';
