-- Reviews of products by the buyers whose order reached them (an order's product reviewed
-- once). experienced_at is when they bought it; status is published at once, or rejected with
-- one of the shop's published reasons (the author is told); reply is the shop's public answer.
CREATE TABLE reviews (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  lang TEXT NOT NULL,
  rating BIGINT NOT NULL,
  body TEXT NOT NULL,
  experienced_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  reject_reason TEXT,
  reply TEXT,
  replied_at BIGINT,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE,
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX reviews_once ON reviews (shop_id, order_id, product_id);
CREATE INDEX reviews_product ON reviews (shop_id, product_id, status, created_at);
