-- Withdrawal requests made through the shop's withdrawal function (Code de la consommation,
-- since 19 June 2026): one per order, with what the consumer declared and when; the seller
-- marks it handled once the goods are back and the money returned.

CREATE TABLE withdrawals (
  shop_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  positions TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  handled_at BIGINT,
  handled_by BIGINT,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX withdrawals_order ON withdrawals (shop_id, order_id);
CREATE INDEX withdrawals_open ON withdrawals (shop_id, status, requested_at);
