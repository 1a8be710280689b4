-- Billing with Stripe (issue 7): the transactional outbox, Stripe events processed once, each
-- tenant's Stripe customer and subscription, and employees' co-payments with the seats they hold.
-- docs/billing.md tells the whole story.

-- The transactional outbox. A side effect outside the database (a Stripe call) is a row written in
-- the transaction of the change; a deliverer claims due rows after commit, performs them with a
-- Stripe idempotency key, and marks them delivered or schedules the next attempt (backoff).
CREATE TABLE outbox (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind ~ '^[a-z_]+\.[a-z_]+$'),
  payload        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Not before then: the next attempt after a failure.
  available_at   timestamptz NOT NULL DEFAULT now(),
  -- A deliverer's claim: its token, and when the claim lapses if the deliverer died.
  claim_token    uuid,
  claimed_until  timestamptz,
  last_error     text CHECK (length(last_error) <= 2000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  delivered_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'delivered') = (delivered_at IS NOT NULL)),
  CHECK ((claim_token IS NULL) = (claimed_until IS NULL))
);
CREATE INDEX outbox_due ON outbox (available_at) WHERE status = 'pending';
CREATE INDEX outbox_pending_kind ON outbox (tenant_id, kind) WHERE status = 'pending';
-- The latest message of a kind (how the subscription's sync stands), and pruning by age.
CREATE INDEX outbox_kind_created ON outbox (tenant_id, kind, created_at);
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE status = 'delivered';

-- Every Stripe event that changed something, by its id: the row is inserted in the transaction that
-- applies the event, so a duplicate (a retry, or a concurrent second delivery, which waits on the
-- key) finds it and changes nothing.
CREATE TABLE stripe_events (
  tenant_id     uuid NOT NULL REFERENCES tenants (id),
  event_id      text NOT NULL CHECK (event_id ~ '^evt_[A-Za-z0-9_]+$'),
  type          text NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
  object_id     text CHECK (length(object_id) <= 255),
  -- What applying it did (`processing` until the applying transaction notes the outcome).
  outcome       text NOT NULL CHECK (length(outcome) BETWEEN 1 AND 200),
  created_at    timestamptz NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event_id)
);

-- The tenant's Stripe customer and subscription (one item: the per-child monthly price), as last
-- created, synced or reported by Stripe.
CREATE TABLE tenant_billing (
  tenant_id                    uuid PRIMARY KEY REFERENCES tenants (id),
  stripe_customer_id           text UNIQUE CHECK (stripe_customer_id ~ '^cus_'),
  stripe_subscription_id       text UNIQUE CHECK (stripe_subscription_id ~ '^sub_'),
  stripe_subscription_item_id  text CHECK (stripe_subscription_item_id ~ '^si_'),
  price_id                     text,
  -- Stripe's status: active, trialing, past_due, unpaid, canceled, incomplete, incomplete_expired, paused.
  subscription_status          text CHECK (length(subscription_status) <= 40),
  -- The quantity Stripe last accepted, and when.
  quantity                     integer CHECK (quantity >= 0),
  quantity_synced_at           timestamptz,
  current_period_end           timestamptz,
  cancel_at_period_end         boolean NOT NULL DEFAULT false,
  -- The `created` of the last subscription event applied: an older one arriving late is ignored.
  last_event_at                timestamptz,
  created_at                   timestamptz NOT NULL DEFAULT now(),
  updated_at                   timestamptz NOT NULL DEFAULT now(),
  CHECK (stripe_subscription_id IS NULL OR stripe_customer_id IS NOT NULL),
  CHECK ((stripe_subscription_id IS NULL) = (stripe_subscription_item_id IS NULL))
);

-- An employee's co-payment for one enrollment: the seat is held (`awaiting_payment`) until
-- `hold_expires_at`; Stripe Checkout collects it. A late payment (after the hold ended) and a
-- withdrawal before the program starts are refunded in full.
CREATE TABLE enrollment_payments (
  tenant_id            uuid NOT NULL REFERENCES tenants (id),
  id                   uuid NOT NULL,
  enrollment_id        uuid NOT NULL,
  amount               bigint NOT NULL CHECK (amount > 0),
  currency             char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status               text NOT NULL CHECK (status IN ('awaiting_payment', 'paid', 'released', 'refund_pending', 'refunded')),
  hold_expires_at      timestamptz NOT NULL,
  checkout_session_id  text UNIQUE CHECK (checkout_session_id ~ '^cs_'),
  checkout_url         text CHECK (length(checkout_url) <= 2000),
  payment_intent_id    text CHECK (payment_intent_id ~ '^pi_'),
  paid_at              timestamptz,
  released_at          timestamptz,
  refund_id            text CHECK (refund_id ~ '^re_'),
  refund_reason        text CHECK (length(refund_reason) BETWEEN 1 AND 200),
  refunded_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, enrollment_id),
  -- Erasing a child erases its enrollments, and with them these rows (they hold no child data).
  FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollments (tenant_id, id) ON DELETE CASCADE,
  CHECK (status = 'awaiting_payment' OR status = 'released' OR paid_at IS NOT NULL),
  CHECK (status NOT IN ('refund_pending', 'refunded') OR refund_reason IS NOT NULL),
  CHECK ((status = 'refunded') = (refunded_at IS NOT NULL AND refund_id IS NOT NULL)),
  CHECK (status <> 'released' OR released_at IS NOT NULL)
);
CREATE INDEX enrollment_payments_hold ON enrollment_payments (hold_expires_at) WHERE status = 'awaiting_payment';

CALL protect_tenant_tables('outbox', 'stripe_events', 'tenant_billing', 'enrollment_payments');
-- Processed events are a ledger: the app adds to it (and notes the outcome), never removes from it.
REVOKE DELETE ON stripe_events FROM tuoguan_app;

-- What the tenant's subscription is billed for: confirmed enrollments in running programs, that is
-- published or closed programs whose dates include today in the tenant's time zone.
CREATE FUNCTION billable_quantity(p_tenant uuid) RETURNS integer
  LANGUAGE sql STABLE
  AS $$
  SELECT count(*)::integer
  FROM enrollments e
  JOIN programs p ON p.tenant_id = e.tenant_id AND p.id = e.program_id
  JOIN tenants t ON t.id = e.tenant_id
  WHERE e.tenant_id = p_tenant AND e.status = 'confirmed'
    AND p.status IN ('published', 'closed')
    AND p.starts_on <= (now() AT TIME ZONE t.time_zone)::date
    AND p.ends_on >= (now() AT TIME ZONE t.time_zone)::date
$$;

-- Asks for the tenant's subscription to be synced, unless a request nobody has claimed yet is
-- already waiting (it will read the quantity when it runs, so one is enough).
CREATE FUNCTION enqueue_subscription_sync(p_tenant uuid) RETURNS void
  LANGUAGE sql
  AS $$
  INSERT INTO outbox (tenant_id, kind)
  SELECT p_tenant, 'billing.sync_subscription'
  WHERE NOT EXISTS (
    SELECT 1 FROM outbox
    WHERE tenant_id = p_tenant AND kind = 'billing.sync_subscription' AND status = 'pending' AND claim_token IS NULL
  )
$$;
REVOKE ALL ON FUNCTION enqueue_subscription_sync(uuid) FROM PUBLIC;

-- Every change that can move a tenant's quantity enqueues a sync in its own transaction, whatever
-- code path makes it: a new tenant (its customer and subscription are created), an enrollment
-- entering or leaving `confirmed` (or erased), a program changing status or dates.
CREATE FUNCTION billing_sync_on_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  IF TG_TABLE_NAME = 'tenants' THEN
    PERFORM enqueue_subscription_sync(NEW.id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM enqueue_subscription_sync(OLD.tenant_id);
  ELSE
    PERFORM enqueue_subscription_sync(NEW.tenant_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER tenants_billing_sync AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION billing_sync_on_change();
CREATE TRIGGER enrollments_billing_sync_insert AFTER INSERT ON enrollments
  FOR EACH ROW WHEN (NEW.status = 'confirmed') EXECUTE FUNCTION billing_sync_on_change();
CREATE TRIGGER enrollments_billing_sync_update AFTER UPDATE OF status ON enrollments
  FOR EACH ROW WHEN ((OLD.status = 'confirmed') IS DISTINCT FROM (NEW.status = 'confirmed')) EXECUTE FUNCTION billing_sync_on_change();
CREATE TRIGGER enrollments_billing_sync_delete AFTER DELETE ON enrollments
  FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION billing_sync_on_change();
CREATE TRIGGER programs_billing_sync AFTER UPDATE OF status, starts_on, ends_on ON programs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.starts_on IS DISTINCT FROM NEW.starts_on OR OLD.ends_on IS DISTINCT FROM NEW.ends_on)
  EXECUTE FUNCTION billing_sync_on_change();

-- The deliverer's narrow path across tenants: claims up to p_limit due rows (skipping rows another
-- deliverer holds) for p_lease_seconds, counting the attempt. Completion happens in the row's tenant.
CREATE FUNCTION claim_outbox(p_limit integer, p_lease_seconds integer)
  RETURNS TABLE (tenant_id uuid, id uuid, kind text, payload jsonb, attempts integer, claim_token uuid)
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$
  WITH due AS (
    SELECT o.tenant_id, o.id FROM outbox o
    WHERE o.status = 'pending' AND o.available_at <= now() AND (o.claimed_until IS NULL OR o.claimed_until < now())
    ORDER BY o.available_at
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox o
  SET claim_token = gen_random_uuid(), claimed_until = now() + make_interval(secs => p_lease_seconds), attempts = o.attempts + 1
  FROM due
  WHERE o.tenant_id = due.tenant_id AND o.id = due.id
  RETURNING o.tenant_id, o.id, o.kind, o.payload, o.attempts, o.claim_token
$$;
REVOKE ALL ON FUNCTION claim_outbox(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_outbox(integer, integer) TO tuoguan_app;

-- Seat holds whose time is up, across tenants, for the sweep to release (each in its tenant).
CREATE FUNCTION expired_payment_holds(p_limit integer)
  RETURNS TABLE (tenant_id uuid, enrollment_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  SELECT p.tenant_id, p.enrollment_id FROM enrollment_payments p
  WHERE p.status = 'awaiting_payment' AND p.hold_expires_at <= now()
  ORDER BY p.hold_expires_at
  LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION expired_payment_holds(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION expired_payment_holds(integer) TO tuoguan_app;

-- The periodic reconciliation: a sync for every active tenant without a subscription yet, or whose
-- billable quantity moved with the calendar (a program started or ended) since the last sync.
CREATE FUNCTION enqueue_due_subscription_syncs() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
DECLARE n integer := 0; r record;
BEGIN
  FOR r IN
    SELECT t.id FROM tenants t LEFT JOIN tenant_billing b ON b.tenant_id = t.id
    WHERE t.status = 'active'
      AND (b.stripe_subscription_id IS NULL OR b.quantity IS DISTINCT FROM billable_quantity(t.id))
  LOOP
    PERFORM enqueue_subscription_sync(r.id);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;
REVOKE ALL ON FUNCTION enqueue_due_subscription_syncs() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION enqueue_due_subscription_syncs() TO tuoguan_app;

-- Delivered messages are kept a week (to see what went out), then removed by the sweep.
CREATE FUNCTION prune_outbox(p_keep_days integer) RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$
  WITH gone AS (
    DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < now() - make_interval(days => p_keep_days) RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;
REVOKE ALL ON FUNCTION prune_outbox(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_outbox(integer) TO tuoguan_app;
