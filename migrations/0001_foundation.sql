-- Foundation: the runtime role, tenants, API keys, idempotency, audit.
-- Migrations run as the owner. The app runs as tuoguan_app: it owns nothing and cannot bypass RLS.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tuoguan_app') THEN
    CREATE ROLE tuoguan_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO tuoguan_app;
-- Tables that later migrations create are granted to the runtime role as they appear.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tuoguan_app;

-- The tenant of the current transaction, or NULL when none is set
-- (after a transaction-local set_config the setting reads '' rather than NULL).
CREATE FUNCTION app_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app_is_platform() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'platform' $$;

CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  time_zone   text NOT NULL,
  locale      text NOT NULL,
  branding    jsonb NOT NULL DEFAULT '{}',
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants USING (id = app_tenant()) WITH CHECK (id = app_tenant());
CREATE POLICY platform_all ON tenants USING (app_is_platform()) WITH CHECK (app_is_platform());

CREATE TABLE api_keys (
  tenant_id     uuid NOT NULL REFERENCES tenants (id),
  id            uuid NOT NULL,
  name          text NOT NULL,
  prefix        text NOT NULL,
  secret_hash   text NOT NULL UNIQUE,
  scopes        text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE idempotency_keys (
  -- Platform-surface requests, which belong to no tenant, use the nil UUID.
  tenant_id        uuid NOT NULL,
  principal        text NOT NULL,
  key              text NOT NULL,
  fingerprint      text NOT NULL,
  response_status  integer,
  response_body    text,
  response_type    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, principal, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

CREATE TABLE audit_events (
  tenant_id    uuid NOT NULL REFERENCES tenants (id),
  id           uuid NOT NULL,
  actor_kind   text NOT NULL,
  actor_id     text NOT NULL,
  action       text NOT NULL,
  object_type  text NOT NULL,
  object_id    text NOT NULL,
  request_id   text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_events_object ON audit_events (tenant_id, object_id, id);
CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_id, id);
-- The audit log is append-only for the app.
REVOKE UPDATE, DELETE ON audit_events FROM tuoguan_app;

-- Row-level security on tenant-owned tables: enabled, forced (the owner too), one policy on the
-- transaction's tenant. Every migration that creates such a table calls this.
CREATE PROCEDURE protect_tenant_tables(VARIADIC tables text[])
  LANGUAGE plpgsql
  AS $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY tables LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
  END LOOP;
END
$$;
REVOKE ALL ON PROCEDURE protect_tenant_tables(text[]) FROM PUBLIC;

CALL protect_tenant_tables('api_keys', 'idempotency_keys', 'audit_events');

-- Authenticating a tenant API key happens before the tenant is known: this function, owned by the
-- migration owner, is the one narrow path across tenants. It returns the key's tenant and scopes
-- and records its use at most once a minute.
CREATE FUNCTION authenticate_api_key(p_secret_hash text)
  RETURNS TABLE (tenant_id uuid, key_id uuid, scopes text[], tenant_status text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  RETURN QUERY
    SELECT k.tenant_id, k.id, k.scopes, t.status
    FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
    WHERE k.secret_hash = p_secret_hash AND k.revoked_at IS NULL;
  IF FOUND THEN
    UPDATE api_keys SET last_used_at = now()
    WHERE secret_hash = p_secret_hash AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
  END IF;
END
$$;
REVOKE ALL ON FUNCTION authenticate_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_api_key(text) TO tuoguan_app;
