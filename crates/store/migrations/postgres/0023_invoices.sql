-- Invoices and credit notes: numbered in one continuous series per shop and kind (the number
-- taken from shop_counters in the transaction that issues the document), never updated once
-- written. `document` is the whole document as issued (JSON): seller, buyer, lines, VAT per
-- rate, totals, mentions.
CREATE TABLE invoices (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  seq BIGINT NOT NULL,
  number TEXT NOT NULL,
  order_id BIGINT NOT NULL,
  issued_at BIGINT NOT NULL,
  currency TEXT NOT NULL,
  total_minor BIGINT NOT NULL,
  vat_minor BIGINT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX invoices_seq ON invoices (shop_id, kind, seq);
CREATE UNIQUE INDEX invoices_number ON invoices (shop_id, number);
CREATE INDEX invoices_order ON invoices (shop_id, order_id);
