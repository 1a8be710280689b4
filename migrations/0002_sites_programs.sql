-- Sites, programs and their groups (issue 3). Dates are calendar dates in the tenant's time zone;
-- daily hours are local wall-clock times there. A draft may lack what publishing requires; the
-- checks below hold for every row, and the completeness of published rows is checked too.

CREATE TABLE sites (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address        text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  capacity_note  text CHECK (length(capacity_note) <= 500),
  contact_phone  text CHECK (contact_phone ~ '^\+?[0-9][0-9 ()-]{4,30}$'),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE programs (
  tenant_id                  uuid NOT NULL REFERENCES tenants (id),
  id                         uuid NOT NULL,
  site_id                    uuid,
  name                       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description                text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  status                     text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed', 'archived')),
  starts_on                  date,
  ends_on                    date,
  -- Set when the client gave the length in weeks: then moving starts_on keeps the length.
  length_weeks               smallint CHECK (length_weeks BETWEEN 1 AND 52),
  -- ISO weekdays, 1 = Monday ... 7 = Sunday.
  operating_weekdays         smallint[] NOT NULL DEFAULT '{1,2,3,4,5}'
                               CHECK (cardinality(operating_weekdays) BETWEEN 1 AND 7 AND operating_weekdays <@ '{1,2,3,4,5,6,7}'),
  opens_at                   time,
  closes_at                  time,
  closure_dates              date[] NOT NULL DEFAULT '{}',
  min_age                    smallint CHECK (min_age BETWEEN 0 AND 18),
  max_age                    smallint CHECK (max_age BETWEEN 0 AND 18),
  age_measured_on            text CHECK (age_measured_on IN ('program_start', 'cutoff_date')),
  age_cutoff_date            date,
  capacity                   integer CHECK (capacity BETWEEN 1 AND 10000),
  max_children_per_employee  smallint CHECK (max_children_per_employee BETWEEN 1 AND 20),
  registration_opens_at      timestamptz,
  registration_closes_at     timestamptz,
  fee_amount                 bigint CHECK (fee_amount >= 0),
  fee_currency               char(3),
  subsidy_amount             bigint CHECK (subsidy_amount >= 0),
  subsidy_currency           char(3),
  activities                 jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(activities) = 'array'),
  version                    integer NOT NULL DEFAULT 1,
  published_at               timestamptz,
  closed_at                  timestamptz,
  archived_at                timestamptz,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id),
  CHECK (ends_on IS NULL OR (starts_on IS NOT NULL AND ends_on >= starts_on AND ends_on - starts_on < 366)),
  CHECK ((opens_at IS NULL) = (closes_at IS NULL) AND (closes_at IS NULL OR closes_at > opens_at)),
  CHECK ((min_age IS NULL) = (max_age IS NULL) AND (min_age IS NULL) = (age_measured_on IS NULL) AND min_age <= max_age),
  CHECK ((age_measured_on = 'cutoff_date') = (age_cutoff_date IS NOT NULL)),
  CHECK ((registration_opens_at IS NULL) = (registration_closes_at IS NULL) AND registration_closes_at > registration_opens_at),
  CHECK ((fee_amount IS NULL) = (fee_currency IS NULL) AND (subsidy_amount IS NULL) = (subsidy_currency IS NULL)),
  CHECK (subsidy_amount IS NULL OR (fee_currency = subsidy_currency AND subsidy_amount <= fee_amount)),
  -- What publishing requires stays true of every program that was ever published.
  CHECK (published_at IS NULL OR (site_id IS NOT NULL AND ends_on IS NOT NULL AND capacity IS NOT NULL AND min_age IS NOT NULL
                                  AND opens_at IS NOT NULL AND registration_opens_at IS NOT NULL)),
  CHECK (status <> 'draft' OR published_at IS NULL),
  CHECK (status NOT IN ('published', 'closed') OR published_at IS NOT NULL),
  CHECK (status <> 'closed' OR closed_at IS NOT NULL),
  CHECK ((status = 'archived') = (archived_at IS NOT NULL))
);
CREATE INDEX programs_site ON programs (tenant_id, site_id);
CREATE INDEX programs_status ON programs (tenant_id, status, id);

CREATE TABLE program_groups (
  tenant_id           uuid NOT NULL REFERENCES tenants (id),
  id                  uuid NOT NULL,
  program_id          uuid NOT NULL,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  min_age             smallint NOT NULL CHECK (min_age BETWEEN 0 AND 18),
  max_age             smallint NOT NULL CHECK (max_age BETWEEN 0 AND 18),
  capacity            integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  children_per_staff  smallint CHECK (children_per_staff BETWEEN 1 AND 50),
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id),
  UNIQUE (tenant_id, program_id, name),
  CHECK (min_age <= max_age)
);

CALL protect_tenant_tables('sites', 'programs', 'program_groups');
