-- Enrollments with a waitlist, absences and the employees' private calendar feeds (issue 4, second half).
--
-- Capacity: every change to a program's seats (enroll, withdraw, cancel, promote, HR's program and
-- group changes) first locks the program's row; seats are counted under that lock, so two
-- transactions never both see the last free seat. The checks below back the rules up.

-- A composite key to reference a group together with its program: an enrollment's group is
-- always a group of the enrollment's own program.
ALTER TABLE program_groups ADD CONSTRAINT program_groups_program_id_key UNIQUE (tenant_id, program_id, id);

CREATE TABLE enrollments (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  program_id     uuid NOT NULL,
  group_id       uuid,
  employee_id    uuid NOT NULL,
  child_id       uuid NOT NULL,
  status         text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'awaiting_payment', 'cancelled', 'withdrawn', 'completed')),
  -- The waitlist order within the program (smaller first); set exactly while waitlisted. The
  -- position shown is the rank among the waiting, so positions run 1..n without gaps.
  waitlist_rank  bigint,
  waitlisted_at  timestamptz,
  confirmed_at   timestamptz,
  ended_at       timestamptz,
  end_reason     text CHECK (length(end_reason) BETWEEN 1 AND 500),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  -- A removed group leaves ended enrollments without one (active ones are resolved first).
  FOREIGN KEY (tenant_id, program_id, group_id) REFERENCES program_groups (tenant_id, program_id, id) ON DELETE SET NULL (group_id),
  -- The child is the enrolling employee's own. Erasing a child erases its enrollments.
  FOREIGN KEY (tenant_id, employee_id, child_id) REFERENCES children (tenant_id, employee_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, program_id, waitlist_rank),
  CHECK ((status = 'waitlisted') = (waitlist_rank IS NOT NULL)),
  CHECK (status NOT IN ('confirmed', 'awaiting_payment') OR confirmed_at IS NOT NULL),
  CHECK ((status IN ('cancelled', 'withdrawn', 'completed')) = (ended_at IS NOT NULL)),
  CHECK (status = 'cancelled' OR status = 'withdrawn' OR end_reason IS NULL),
  CHECK (status <> 'cancelled' OR end_reason IS NOT NULL)
);
-- A child holds at most one live enrollment (seat or waitlist place) per program.
CREATE UNIQUE INDEX enrollments_live_child ON enrollments (tenant_id, program_id, child_id)
  WHERE status IN ('confirmed', 'waitlisted', 'awaiting_payment');
-- Seat counts and HR's lists by program and status, newest first.
CREATE INDEX enrollments_program_status ON enrollments (tenant_id, program_id, status, id);
CREATE INDEX enrollments_group ON enrollments (tenant_id, program_id, group_id) WHERE group_id IS NOT NULL;
-- The employee's own enrollments, newest first; the per-employee limit.
CREATE INDEX enrollments_employee ON enrollments (tenant_id, employee_id, id);
CREATE INDEX enrollments_child ON enrollments (tenant_id, child_id);

-- A child's absence on one service day of one enrollment, reported by the guardian. Withdrawn
-- absences stay (withdrawn_at) as the provider was told about them.
CREATE TABLE absences (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  enrollment_id  uuid NOT NULL,
  date           date NOT NULL,
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  reported_at    timestamptz NOT NULL DEFAULT now(),
  withdrawn_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX absences_live_day ON absences (tenant_id, enrollment_id, date) WHERE withdrawn_at IS NULL;
CREATE INDEX absences_enrollment ON absences (tenant_id, enrollment_id, id);

-- One private calendar feed per employee; the URL's token is kept as its SHA-256 only. Rotating
-- replaces the hash; revoking deletes the row.
CREATE TABLE calendar_feeds (
  tenant_id     uuid NOT NULL REFERENCES tenants (id),
  employee_id   uuid NOT NULL,
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  rotated_at    timestamptz,
  last_used_at  timestamptz,
  PRIMARY KEY (tenant_id, employee_id),
  FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

CALL protect_tenant_tables('enrollments', 'absences', 'calendar_feeds');

-- A calendar application fetches the feed with nothing but the URL: the token's hash names the
-- tenant and the employee, through this one narrow path.
CREATE FUNCTION calendar_feed_owner(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, employee_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT f.tenant_id, f.employee_id FROM calendar_feeds f WHERE f.token_hash = p_token_hash $$;
REVOKE ALL ON FUNCTION calendar_feed_owner(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calendar_feed_owner(text) TO tuoguan_app;
