-- The employee roster (issue 3): the tenant's eligibility list. HR keeps it with single changes or
-- bulk imports keyed by employee number; the portal maps a sign-in claim (employee number or
-- e-mail) to an active employee. An employee who has `left` keeps the row (children, enrollments
-- and audit hang off it) and loses eligibility.

CREATE TABLE employees (
  tenant_id        uuid NOT NULL REFERENCES tenants (id),
  id               uuid NOT NULL,
  -- The employer's own key for the person: unique per tenant, exact (case-sensitive) match.
  employee_number  text NOT NULL CHECK (employee_number ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
  -- Kept as given; unique per tenant regardless of case (see employees_email).
  email            text CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%' AND email = btrim(email)),
  phone            text CHECK (phone ~ '^\+?[0-9][0-9 ()-]{4,30}$'),
  department       text CHECK (length(department) BETWEEN 1 AND 100 AND department = btrim(department)),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'left')),
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- The upsert key of imports, and the sign-in lookup by employee number.
  CONSTRAINT employees_number UNIQUE (tenant_id, employee_number)
);

-- The sign-in lookup by e-mail, and no two employees of a tenant share one.
CREATE UNIQUE INDEX employees_email ON employees (tenant_id, lower(email)) WHERE email IS NOT NULL;
-- List filters, newest first within the filter.
CREATE INDEX employees_status ON employees (tenant_id, status, id);
CREATE INDEX employees_department ON employees (tenant_id, department, id) WHERE department IS NOT NULL;

CALL protect_tenant_tables('employees');
