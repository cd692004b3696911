-- Partnerships between shops. Each shop keeps its own row of a partnership (shop_id leads, as
-- in every tenant table): state 'invited' when this shop asked the other, 'asked' when the
-- other asked this one, 'active' once the asked shop accepted (both rows), 'declined' on the
-- asking shop's row when the other said no (the asked shop's row is gone). Ending a
-- partnership deletes both rows.
-- offer_promotion_id: this shop's discount code that the partner advertises in its "our
-- neighbours" block (a co-offer); an order that uses it is credited to that partner. One
-- code is offered to one partner at a time.
CREATE TABLE partners (
  shop_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  offer_promotion_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, partner_id)
);
CREATE UNIQUE INDEX partners_offer ON partners (shop_id, offer_promotion_id);

-- The partner's products this shop shows in its "our neighbours" block, in the seller's order.
CREATE TABLE partner_products (
  shop_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (shop_id, partner_id, product_id),
  FOREIGN KEY (shop_id, partner_id) REFERENCES partners(shop_id, partner_id) ON DELETE CASCADE
);
