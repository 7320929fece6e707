-- 0008: the audit chain becomes keyed (HMAC-SHA256 under a key kept outside the database). key_id names the key an
-- entry was hashed with, so keys can rotate: old entries keep verifying under their own key. Entries written before
-- this migration keep key_id '' (plain SHA-256, AuditHash.ComputeUnkeyed); the verifier accepts them only as a prefix
-- of the chain, never after a keyed entry.

ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
