-- The per-tenant feed of changes that providers follow (DESIGN §3, §4).
-- Positions are taken from the tenant's counter row, which stays locked until the appending
-- transaction commits: positions therefore become visible in commit order, and a reader that asks
-- for "after position N" never skips an event that commits later with a smaller position.

CREATE TABLE feed_counters (
  tenant_id      uuid PRIMARY KEY REFERENCES tenants (id),
  last_position  bigint NOT NULL
);

CREATE TABLE feed_events (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  position     bigint NOT NULL CHECK (position > 0),
  id           uuid NOT NULL,
  type         text NOT NULL,
  program_id   uuid,
  payload      jsonb NOT NULL,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, position),
  UNIQUE (tenant_id, id)
);
CREATE INDEX feed_events_program ON feed_events (tenant_id, program_id, position);
CREATE INDEX feed_events_occurred_at ON feed_events (tenant_id, occurred_at);
REVOKE UPDATE ON feed_events FROM tuoguan_app;

CALL protect_tenant_tables('feed_counters', 'feed_events');
