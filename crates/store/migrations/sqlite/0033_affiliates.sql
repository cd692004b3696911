-- Affiliates: outside sites that send a shop customers for a commission. code is the
-- utm_source of their links (unique in the shop); promotion_id the shop's discount code they
-- give their audience (one affiliate per code); token the secret address of their statement
-- page; rate_bp their commission rate, counted for the orders placed while it is set. An
-- affiliate who earned commissions is never deleted: it is switched off (active 0).
CREATE TABLE affiliates (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL,
  rate_bp BIGINT NOT NULL,
  promotion_id BIGINT,
  token TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE UNIQUE INDEX affiliates_code ON affiliates (shop_id, code);
CREATE UNIQUE INDEX affiliates_promotion ON affiliates (shop_id, promotion_id);
CREATE UNIQUE INDEX affiliates_token ON affiliates (shop_id, token);

-- What each order credited to an affiliate earns it, written in the order's transaction: the
-- rate then, what it is computed on (the goods after discount, VAT and delivery left out) and
-- the commission.
CREATE TABLE affiliate_commissions (
  shop_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  affiliate_id BIGINT NOT NULL,
  rate_bp BIGINT NOT NULL,
  base_minor BIGINT NOT NULL,
  commission_minor BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, order_id),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE,
  FOREIGN KEY (shop_id, affiliate_id) REFERENCES affiliates(shop_id, id)
);
CREATE INDEX affiliate_commissions_affiliate ON affiliate_commissions (shop_id, affiliate_id);
