-- Customer accounts, per shop: a shopper who signs up in one shop is unknown to the others.
-- E-mail addresses are kept lower-cased, one account per address and shop. Sessions and reset
-- links are stored by the hash of their token only. A signed-in customer's cart is found by its
-- customer (the same on every device); addresses are kept for the next checkout.

CREATE TABLE customers (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  lang TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE UNIQUE INDEX customers_email ON customers (shop_id, email);

CREATE TABLE customer_sessions (
  shop_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  customer_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, token_hash),
  FOREIGN KEY (shop_id, customer_id) REFERENCES customers(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_sessions_of ON customer_sessions (shop_id, customer_id);

CREATE TABLE customer_resets (
  shop_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  customer_id BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, token_hash),
  FOREIGN KEY (shop_id, customer_id) REFERENCES customers(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE customer_addresses (
  shop_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  name TEXT NOT NULL,
  line1 TEXT NOT NULL,
  line2 TEXT NOT NULL DEFAULT '',
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL,
  country TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  is_default BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, customer_id, id),
  FOREIGN KEY (shop_id, customer_id) REFERENCES customers(shop_id, id) ON DELETE CASCADE
);

CREATE INDEX carts_customer ON carts (shop_id, customer_id);
CREATE INDEX orders_customer ON orders (shop_id, customer_id, created_at);
