-- A replay answers the headers a client relies on (ETag, Location), not only the body. Sealed like
-- the body, under the key derived from the client's Idempotency-Key.
ALTER TABLE idempotency_keys ADD COLUMN response_headers text;
