-- Attendance (issue 5): one row per child per program per service day, written by the contracted
-- provider at the door. A row exists from the check-in; the check-out completes it. A child
-- reported absent has no row (the absence lives in `absences`).

-- A composite key to reference an enrollment together with its program and child: an attendance
-- row always names the program and child of its own enrollment.
ALTER TABLE enrollments ADD CONSTRAINT enrollments_program_child_key UNIQUE (tenant_id, id, program_id, child_id);

CREATE TABLE attendance (
  tenant_id               uuid NOT NULL REFERENCES tenants (id),
  id                      uuid NOT NULL,
  enrollment_id           uuid NOT NULL,
  program_id              uuid NOT NULL,
  child_id                uuid NOT NULL,
  -- The service day, a calendar date in the tenant's time zone: the local date of checked_in_at.
  date                    date NOT NULL,
  checked_in_at           timestamptz NOT NULL,
  -- {kind: guardian | authorized_pickup | other, name?, relation?, phone?}, or NULL when not recorded.
  dropped_off_by          jsonb CHECK (dropped_off_by IS NULL OR (jsonb_typeof(dropped_off_by) = 'object' AND dropped_off_by->>'kind' IN ('guardian', 'authorized_pickup', 'other'))),
  check_in_contract_id    uuid NOT NULL,
  check_in_staff          text CHECK (length(check_in_staff) BETWEEN 1 AND 100),
  checked_out_at          timestamptz,
  -- Only the guardian or an authorized pickup ever takes a child home: nobody else is recorded.
  picked_up_by            jsonb CHECK (picked_up_by IS NULL OR (jsonb_typeof(picked_up_by) = 'object' AND picked_up_by->>'kind' IN ('guardian', 'authorized_pickup'))),
  check_out_contract_id   uuid,
  check_out_staff         text CHECK (length(check_out_staff) BETWEEN 1 AND 100),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- No double check-in: one row per child, program and day.
  UNIQUE (tenant_id, program_id, child_id, date),
  -- Erasing a child erases its enrollments, and with them its attendance.
  FOREIGN KEY (tenant_id, enrollment_id, program_id, child_id) REFERENCES enrollments (tenant_id, id, program_id, child_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, check_in_contract_id) REFERENCES contracts (tenant_id, id),
  FOREIGN KEY (tenant_id, check_out_contract_id) REFERENCES contracts (tenant_id, id),
  -- A check-out is whole (time, person, contract) or absent, and never before the check-in.
  CONSTRAINT attendance_check_out_whole CHECK (
    (checked_out_at IS NULL) = (picked_up_by IS NULL) AND (checked_out_at IS NULL) = (check_out_contract_id IS NULL)
  ),
  CONSTRAINT attendance_check_out_after_check_in CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at),
  CONSTRAINT attendance_check_out_no_staff CHECK (checked_out_at IS NOT NULL OR check_out_staff IS NULL)
);
-- Day sheets and exports: a program's rows by date.
CREATE INDEX attendance_program_date ON attendance (tenant_id, program_id, date);
CREATE INDEX attendance_enrollment ON attendance (tenant_id, enrollment_id);

CALL protect_tenant_tables('attendance');
