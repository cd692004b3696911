-- A shop's account at a card-payment provider: what may be shown in clear (the publishable
-- key, a hint of the secret), and the secrets sealed with a key derived from the server secret.
CREATE TABLE payment_accounts (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  publishable_key TEXT NOT NULL DEFAULT '',
  secret_key_sealed TEXT NOT NULL,
  secret_key_hint TEXT NOT NULL,
  webhook_secret_sealed TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, provider)
);

-- An order's payment at a provider, as the provider last told it.
CREATE TABLE card_payments (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  provider TEXT NOT NULL,
  reference TEXT NOT NULL,
  capture TEXT NOT NULL,
  state TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  received_minor BIGINT NOT NULL DEFAULT 0,
  refunded_minor BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX card_payments_reference ON card_payments (shop_id, provider, reference);
CREATE INDEX card_payments_order ON card_payments (shop_id, order_id);

-- Refunds made through a provider: never more than was received, in total.
CREATE TABLE card_refunds (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  payment_id BIGINT NOT NULL,
  reference TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  staff_id BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, payment_id, reference),
  FOREIGN KEY (shop_id, payment_id) REFERENCES card_payments(shop_id, id) ON DELETE CASCADE
);

-- Provider events already handled: a delivery sent twice is handled once.
-- (Each shop has its own webhook address and secret: events are a shop's.)
CREATE TABLE payment_events (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, provider, event_id)
);
