-- Promotions: discount codes (code: in capitals, unique in the shop) and automatic promotions
-- (no code). benefit is percent, amount, free_shipping or buy_x_get_y (for every buy_qty +
-- get_qty items, the get_qty cheapest at percent_bp off); category_id limits it to a category
-- and the ones under it (none: every product; a category deleted since: nothing).
-- starts_at and ends_at (UTC, the end excluded) bound it; max_uses and per_customer cap the
-- orders that use it, in all and per e-mail address, counted in promotion_uses, written in the
-- order's transaction under the shop's lock. A promotion used by an order is never deleted
-- (its orders name it): it is switched off.
CREATE TABLE promotions (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  name TEXT NOT NULL,
  code TEXT,
  benefit TEXT NOT NULL,
  percent_bp BIGINT NOT NULL DEFAULT 0,
  amount_minor BIGINT NOT NULL DEFAULT 0,
  buy_qty BIGINT NOT NULL DEFAULT 0,
  get_qty BIGINT NOT NULL DEFAULT 0,
  category_id BIGINT,
  min_subtotal_minor BIGINT NOT NULL DEFAULT 0,
  starts_at BIGINT,
  ends_at BIGINT,
  max_uses BIGINT,
  per_customer BIGINT,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE UNIQUE INDEX promotions_code ON promotions (shop_id, code);

CREATE TABLE promotion_uses (
  shop_id BIGINT NOT NULL,
  promotion_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  email TEXT NOT NULL,
  discount_minor BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, promotion_id, order_id),
  FOREIGN KEY (shop_id, promotion_id) REFERENCES promotions(shop_id, id),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX promotion_uses_email ON promotion_uses (shop_id, promotion_id, email);

-- What promotions took off an order: off each line (as typed in the price list, before VAT;
-- total_minor stays the price before it), in all, and the promotions' names as the buyer saw
-- them (one per line of text).
ALTER TABLE order_lines ADD COLUMN discount_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN discount_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN promotions TEXT NOT NULL DEFAULT '';
