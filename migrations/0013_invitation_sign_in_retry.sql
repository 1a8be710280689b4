-- The session an invitation code opened, so a retry of a sign-in whose answer was lost can replace
-- it (docs/portal.md, "A lost sign-in answer").
ALTER TABLE invitations ADD COLUMN session_family_id uuid;
