-- The feed's retention low-water mark (docs/provider.md, "Retention"): the highest position ever
-- removed from a tenant's feed. A cursor before it missed events, and answers 410 cursor_expired;
-- a cursor at or past it missed nothing, even when retention left no event at all. Comparing
-- cursors with the oldest remaining event instead loses both cases once every event has aged out.
ALTER TABLE feed_counters ADD COLUMN removed_through bigint NOT NULL DEFAULT 0;

-- Whatever removes events (npm run maintain's retention, an operator by hand) moves the mark, in
-- the same statement: one update per tenant touched, after the delete.
CREATE FUNCTION feed_note_removed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE feed_counters c SET removed_through = greatest(c.removed_through, r.last)
  FROM (SELECT tenant_id, max(position) AS last FROM removed GROUP BY tenant_id) r
  WHERE c.tenant_id = r.tenant_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER feed_events_removed AFTER DELETE ON feed_events
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_note_removed();
