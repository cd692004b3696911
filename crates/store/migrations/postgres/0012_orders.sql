-- Orders. An order is a snapshot: names, prices, taxes and addresses as the shopper saw them
-- when ordering, whatever the catalog becomes. Its number is allocated per shop from
-- shop_counters in the transaction that creates it; an idempotency key (the API's header, or the
-- checkout form's one-time key) names one order only, so a retried request finds the first.
-- A guest follows the order through an unguessable link (the hash of its token is kept).

CREATE TABLE shop_counters (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  series TEXT NOT NULL,
  last BIGINT NOT NULL,
  PRIMARY KEY (shop_id, series)
);

CREATE TABLE orders (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  number TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  customer_id BIGINT,
  email TEXT NOT NULL,
  lang TEXT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  payment_method TEXT NOT NULL,
  fulfilment TEXT NOT NULL,
  shipping_method TEXT,
  shipping_name TEXT NOT NULL DEFAULT '',
  subtotal_minor BIGINT NOT NULL,
  shipping_minor BIGINT NOT NULL,
  vat_minor BIGINT NOT NULL,
  total_minor BIGINT NOT NULL,
  paid_minor BIGINT NOT NULL DEFAULT 0,
  refunded_minor BIGINT NOT NULL DEFAULT 0,
  billing_address TEXT NOT NULL,
  shipping_address TEXT,
  taxes TEXT NOT NULL,
  mentions TEXT NOT NULL DEFAULT '',
  carrier TEXT,
  tracking_number TEXT,
  terms_accepted_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE UNIQUE INDEX orders_number ON orders (shop_id, number);
CREATE UNIQUE INDEX orders_idempotency ON orders (shop_id, idempotency_key);
CREATE UNIQUE INDEX orders_token ON orders (shop_id, token_hash);
CREATE INDEX orders_created ON orders (shop_id, created_at);
CREATE INDEX orders_status ON orders (status, created_at);

CREATE TABLE order_lines (
  shop_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  product_id BIGINT,
  variant_id BIGINT,
  kind TEXT NOT NULL,
  sku TEXT,
  title TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '',
  quantity BIGINT NOT NULL,
  unit_minor BIGINT NOT NULL,
  total_minor BIGINT NOT NULL,
  vat_rate_bp BIGINT NOT NULL,
  vat_minor BIGINT NOT NULL,
  starts_at BIGINT,
  ends_at BIGINT,
  booking_id BIGINT,
  stock_taken BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (shop_id, order_id, position),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE order_events (
  shop_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  event TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id BIGINT,
  amount_minor BIGINT,
  note TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, order_id, id),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);

ALTER TABLE carts ADD COLUMN checkout TEXT;
