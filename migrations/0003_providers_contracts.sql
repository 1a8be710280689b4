-- Providers, their contracts with the tenant (which programs, which dates) and the contracts'
-- client credentials for the provider surface. All tenant-owned: composite keys and forced RLS.

CREATE TABLE providers (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  id          uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('agency', 'in_house_staff', 'volunteers')),
  contact     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(contact) = 'object'),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE contracts (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  provider_id  uuid NOT NULL,
  starts_on    date NOT NULL,
  ends_on      date NOT NULL,
  notes        text CHECK (length(notes) <= 2000),
  -- Revocation is final: a revoked contract is kept for the record and its credentials stop working.
  revoked_at   timestamptz,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- A provider with contracts (revoked ones included) cannot be deleted.
  FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
  CONSTRAINT contracts_dates CHECK (ends_on >= starts_on)
);
CREATE INDEX contracts_provider ON contracts (tenant_id, provider_id, id);

CREATE TABLE contract_programs (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  contract_id  uuid NOT NULL,
  program_id   uuid NOT NULL,
  PRIMARY KEY (tenant_id, contract_id, program_id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE,
  -- A program that a contract covers cannot be deleted while it does.
  FOREIGN KEY (tenant_id, program_id) REFERENCES programs (tenant_id, id)
);
CREATE INDEX contract_programs_program ON contract_programs (tenant_id, program_id, contract_id);

-- OAuth client credentials of a contract. `client_id` is the TypeID (cli_...) of `id`, kept as text
-- because the token endpoint looks it up before the tenant is known. Only SHA-256 hashes of secrets
-- are stored. After a rotation the previous secret may keep working until `previous_secret_expires_at`.
CREATE TABLE contract_credentials (
  tenant_id                   uuid NOT NULL REFERENCES tenants (id),
  id                          uuid NOT NULL,
  contract_id                 uuid NOT NULL,
  client_id                   text NOT NULL UNIQUE CHECK (client_id ~ '^cli_[0-7][0-9a-hjkmnp-tv-z]{25}$'),
  name                        text CHECK (length(name) BETWEEN 1 AND 100),
  secret_prefix               text NOT NULL,
  secret_hash                 text NOT NULL UNIQUE,
  previous_secret_hash        text,
  previous_secret_expires_at  timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  rotated_at                  timestamptz,
  last_used_at                timestamptz,
  revoked_at                  timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
  CONSTRAINT contract_credentials_previous CHECK ((previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX contract_credentials_contract ON contract_credentials (tenant_id, contract_id, id);

CALL protect_tenant_tables('providers', 'contracts', 'contract_programs', 'contract_credentials');

-- The token endpoint of the provider surface authenticates a client before the tenant is known:
-- like authenticate_api_key, this function is the one narrow path across tenants. It answers only
-- for an unrevoked credential whose current secret (or previous secret, within its grace period)
-- has this hash, and reports the contract's dates and state so the caller can refuse a contract
-- that is not `active`, and a tenant that is not `active`. `contract_status` is evaluated on the
-- tenant's calendar: `revoked`, `scheduled` (before starts_on), `expired` (after ends_on) or `active`.
-- It records the credential's use at most once a minute.
CREATE FUNCTION authenticate_contract_client(p_client_id text, p_secret_hash text)
  RETURNS TABLE (
    tenant_id            uuid,
    contract_id          uuid,
    credential_id        uuid,
    provider_id          uuid,
    starts_on            date,
    ends_on              date,
    contract_revoked_at  timestamptz,
    contract_status      text,
    tenant_status        text,
    tenant_time_zone     text
  )
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  RETURN QUERY
    SELECT cc.tenant_id, cc.contract_id, cc.id, c.provider_id, c.starts_on, c.ends_on, c.revoked_at,
           CASE
             WHEN c.revoked_at IS NOT NULL THEN 'revoked'
             WHEN (now() AT TIME ZONE t.time_zone)::date < c.starts_on THEN 'scheduled'
             WHEN (now() AT TIME ZONE t.time_zone)::date > c.ends_on THEN 'expired'
             ELSE 'active'
           END,
           t.status, t.time_zone
    FROM contract_credentials cc
    JOIN contracts c ON c.tenant_id = cc.tenant_id AND c.id = cc.contract_id
    JOIN tenants t ON t.id = cc.tenant_id
    WHERE cc.client_id = p_client_id
      AND cc.revoked_at IS NULL
      AND (cc.secret_hash = p_secret_hash OR (cc.previous_secret_hash = p_secret_hash AND cc.previous_secret_expires_at > now()));
  IF FOUND THEN
    UPDATE contract_credentials cc SET last_used_at = now()
    WHERE cc.client_id = p_client_id AND (cc.last_used_at IS NULL OR cc.last_used_at < now() - interval '1 minute');
  END IF;
END
$$;
REVOKE ALL ON FUNCTION authenticate_contract_client(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_contract_client(text, text) TO tuoguan_app;
