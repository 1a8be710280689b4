-- An employer id_token signs in once: the token exchange records the hash of each id_token it
-- accepts, in the transaction that starts the session, until the token expires. A replayed
-- id_token (intercepted, or sent twice) is refused. `npm run maintain` removes expired records.
CREATE TABLE exchanged_id_tokens (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  token_hash  text NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, token_hash)
);
CREATE INDEX exchanged_id_tokens_expiry ON exchanged_id_tokens (expires_at);

CALL protect_tenant_tables('exchanged_id_tokens');
