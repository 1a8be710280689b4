-- Employee sign-in and the portal (issue 4, first half): SSO settings, portal settings (CORS origins),
-- invitation codes, refresh-token families, children and the guardian-consent ledger.
-- Secrets (invitation codes, refresh tokens) are stored as SHA-256 hashes only.

CREATE TABLE sso_settings (
  tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
  issuer      text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
  jwks_uri    text NOT NULL CHECK (jwks_uri ~ '^https?://' AND length(jwks_uri) <= 2000),
  audience    text NOT NULL CHECK (length(audience) BETWEEN 1 AND 500),
  algorithms  text[] NOT NULL
                CHECK (cardinality(algorithms) >= 1
                       AND algorithms <@ '{RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA}'),
  -- Which roster field identifies the employee, and which id_token claim carries it.
  match_on    text NOT NULL CHECK (match_on IN ('employee_number', 'email')),
  claim       text NOT NULL CHECK (claim ~ '^[A-Za-z0-9_:./-]{1,100}$'),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE portal_settings (
  tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
  -- Browser origins of the tenant's portal front ends, e.g. https://care.court.example.cn.
  origins     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(origins) <= 20),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portal_settings_origins ON portal_settings USING gin (origins);

-- A code is `lookup` (public part, finds the row) + a secret part (only its hash is kept), so wrong
-- attempts are counted against one invitation.
CREATE TABLE invitations (
  tenant_id        uuid NOT NULL REFERENCES tenants (id),
  id               uuid NOT NULL,
  employee_id      uuid NOT NULL,
  lookup           text NOT NULL CHECK (lookup ~ '^[0-9A-HJKMNP-TV-Z]{8}$'),
  secret_hash      text NOT NULL,
  expires_at       timestamptz NOT NULL,
  failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts BETWEEN 0 AND 5),
  locked_at        timestamptz,
  redeemed_at      timestamptz,
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, lookup),
  FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id),
  CHECK (expires_at > created_at),
  CHECK ((failed_attempts = 5) = (locked_at IS NOT NULL))
);
CREATE INDEX invitations_employee ON invitations (tenant_id, employee_id, id);

-- One row per refresh token; the tokens of one sign-in share a family. A token is used once
-- (rotated_at); presenting a rotated one revokes the whole family.
CREATE TABLE refresh_tokens (
  tenant_id           uuid NOT NULL REFERENCES tenants (id),
  id                  uuid NOT NULL,
  family_id           uuid NOT NULL,
  employee_id         uuid NOT NULL,
  token_hash          text NOT NULL UNIQUE,
  sign_in_method      text NOT NULL CHECK (sign_in_method IN ('sso', 'invitation')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  -- The family's absolute end: rotation never extends a session past it.
  session_expires_at  timestamptz NOT NULL,
  rotated_at          timestamptz,
  revoked_at          timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id),
  CHECK (expires_at <= session_expires_at)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (tenant_id, family_id);
CREATE INDEX refresh_tokens_employee ON refresh_tokens (tenant_id, employee_id);

CREATE TABLE children (
  tenant_id           uuid NOT NULL REFERENCES tenants (id),
  id                  uuid NOT NULL,
  employee_id         uuid NOT NULL,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  date_of_birth       date NOT NULL,
  sex                 text CHECK (sex IN ('female', 'male', 'other')),
  allergies           text[] NOT NULL DEFAULT '{}' CHECK (cardinality(allergies) <= 30),
  medical_notes       text CHECK (length(medical_notes) <= 2000),
  dietary_needs       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(dietary_needs) <= 20),
  -- [{name, relation, phone}]
  emergency_contacts  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(emergency_contacts) = 'array' AND jsonb_array_length(emergency_contacts) <= 10),
  -- [{name, relation, phone, valid_from?, valid_until?}]; phone is unique within one child's list.
  authorized_pickups  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(authorized_pickups) = 'array' AND jsonb_array_length(authorized_pickups) <= 20),
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- Lets later tables reference (tenant_id, employee_id, child_id): a row about a child then
  -- always names the child's own guardian.
  UNIQUE (tenant_id, employee_id, id),
  FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id)
);

-- The guardian-consent ledger. It outlives the child it is about (proof that data was stored with
-- consent), so child_id has no foreign key; it keeps no personal data of the child.
CREATE TABLE consents (
  tenant_id          uuid NOT NULL REFERENCES tenants (id),
  id                 uuid NOT NULL,
  employee_id        uuid NOT NULL,
  child_id           uuid NOT NULL,
  purpose            text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9_]{2,63}$'),
  policy_version     text NOT NULL CHECK (length(policy_version) BETWEEN 1 AND 64),
  given_at           timestamptz NOT NULL DEFAULT now(),
  withdrawn_at       timestamptz,
  withdrawal_reason  text CHECK (withdrawal_reason IN ('child_deleted')),
  request_id         text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id),
  CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL))
);
CREATE INDEX consents_child ON consents (tenant_id, child_id);
CREATE INDEX consents_employee ON consents (tenant_id, employee_id, id);
-- The ledger is append-only for the app, except recording a withdrawal.
REVOKE UPDATE, DELETE ON consents FROM tuoguan_app;
GRANT UPDATE (withdrawn_at, withdrawal_reason) ON consents TO tuoguan_app;

CALL protect_tenant_tables('sso_settings', 'portal_settings', 'invitations', 'refresh_tokens', 'children', 'consents');

-- The public portal routes and the token endpoint name a tenant by slug or portal host before any
-- tenant is set: this is their one narrow path to it.
CREATE INDEX tenants_portal_host ON tenants ((branding->>'portal_host'));
CREATE FUNCTION portal_tenant(p_slug_or_host text)
  RETURNS TABLE (tenant_id uuid, tenant_status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT t.id, t.status FROM tenants t
    WHERE t.slug = p_slug_or_host OR t.branding->>'portal_host' = lower(p_slug_or_host)
    ORDER BY t.slug = p_slug_or_host DESC
    LIMIT 1
  $$;
REVOKE ALL ON FUNCTION portal_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION portal_tenant(text) TO tuoguan_app;

-- A refresh token names no tenant: its hash finds it.
CREATE FUNCTION refresh_token_tenant(p_token_hash text)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT tenant_id FROM refresh_tokens WHERE token_hash = p_token_hash $$;
REVOKE ALL ON FUNCTION refresh_token_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_token_tenant(text) TO tuoguan_app;

-- A CORS preflight carries no credential: is this origin any tenant's portal?
CREATE FUNCTION is_portal_origin(p_origin text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM portal_settings WHERE origins @> ARRAY[p_origin]) $$;
REVOKE ALL ON FUNCTION is_portal_origin(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION is_portal_origin(text) TO tuoguan_app;
