-- The demo seed of `npm start` (README, "The demo seed and crashes"): whether to seed is decided by
-- the database, not by a file beside it. One row per store. The seed writes it before its first
-- request (`run_id`; every request of the run carries the X-Request-Id `demo-seed:<run_id>`, so the
-- audit event `tenant.created` names the employers this run created, atomically with them) and sets
-- `completed_at` once it finished, with what it made minus the secrets (`demo`: ids of tenants,
-- contracts, credentials, employees and programs). A row without `completed_at` is a seed that
-- did not finish: the next start removes the employers that run created and seeds again.
-- Platform-owned, like tenants: only the platform scope reads or writes it.
CREATE TABLE demo_seed (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  run_id        text NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz,
  demo          jsonb,
  CHECK ((completed_at IS NULL) = (demo IS NULL))
);
ALTER TABLE demo_seed ENABLE ROW LEVEL SECURITY;
ALTER TABLE demo_seed FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_all ON demo_seed USING (app_is_platform()) WITH CHECK (app_is_platform());
