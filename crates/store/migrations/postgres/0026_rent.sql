-- The operator's rent. Plans get a price excluding VAT, by the month and by the year, and an
-- optional free trial. Each shop has one subscription: its interval, its current period, its
-- state (trialing, active, past_due, suspended), the operator's provider customer and the
-- saved card it is charged with off-session, a credit left by a plan change, where a failed
-- payment's reminders stand (next_try_at: when to try again), and the idempotency key of a
-- charge asked of the provider whose answer is not recorded yet (pending_key: a node that
-- stopped mid-way asks again with the same key, so the provider charges once).
-- The operator's invoices and credit notes are numbered in the platform's own continuous
-- series (platform_counters) and kept when the shop is deleted (no foreign key: the books
-- keep ten years); rent_events is the subscriptions' history (churn, revenue).
ALTER TABLE plans ADD COLUMN monthly_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN yearly_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN trial_days BIGINT NOT NULL DEFAULT 0;

CREATE TABLE rent_subscriptions (
  shop_id BIGINT PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
  billing_interval TEXT NOT NULL,
  state TEXT NOT NULL,
  period_start BIGINT NOT NULL,
  period_end BIGINT NOT NULL,
  paid_minor BIGINT NOT NULL DEFAULT 0,
  credit_minor BIGINT NOT NULL DEFAULT 0,
  customer_id TEXT NOT NULL DEFAULT '',
  payment_method TEXT NOT NULL DEFAULT '',
  card_label TEXT NOT NULL DEFAULT '',
  failed_at BIGINT,
  reminders BIGINT NOT NULL DEFAULT 0,
  next_try_at BIGINT NOT NULL DEFAULT 0,
  attempts BIGINT NOT NULL DEFAULT 0,
  pending_key TEXT NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX rent_subscriptions_due ON rent_subscriptions (period_end);

CREATE TABLE platform_counters (
  series TEXT PRIMARY KEY,
  last BIGINT NOT NULL
);

CREATE TABLE rent_invoices (
  id BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  seq BIGINT NOT NULL,
  number TEXT NOT NULL,
  shop_id BIGINT NOT NULL,
  issued_at BIGINT NOT NULL,
  currency TEXT NOT NULL,
  total_minor BIGINT NOT NULL,
  vat_minor BIGINT NOT NULL,
  payment_id TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE UNIQUE INDEX rent_invoices_seq ON rent_invoices (kind, seq);
CREATE UNIQUE INDEX rent_invoices_number ON rent_invoices (number);
CREATE INDEX rent_invoices_shop ON rent_invoices (shop_id, issued_at);

CREATE TABLE rent_events (
  id BIGINT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  event TEXT NOT NULL,
  amount_minor BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX rent_events_at ON rent_events (at);
