-- Shoppers' carts. A guest's cart is found by the hash of its cookie's token; a signed-in
-- customer's by its customer (accounts come next). A rental period or a service slot in a cart is
-- held by a booking that lapses at `expires_at` unless an order confirms it, so two carts cannot
-- hold the same slot or period.

CREATE TABLE carts (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  customer_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE UNIQUE INDEX carts_token ON carts (shop_id, token_hash);
CREATE INDEX carts_updated ON carts (updated_at);

CREATE TABLE cart_lines (
  shop_id BIGINT NOT NULL,
  cart_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  variant_id BIGINT NOT NULL,
  quantity BIGINT NOT NULL,
  starts_at BIGINT,
  ends_at BIGINT,
  booking_id BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, cart_id, id),
  FOREIGN KEY (shop_id, cart_id) REFERENCES carts(shop_id, id) ON DELETE CASCADE,
  FOREIGN KEY (shop_id, variant_id) REFERENCES variants(shop_id, id) ON DELETE CASCADE
);

ALTER TABLE bookings ADD COLUMN expires_at BIGINT;
