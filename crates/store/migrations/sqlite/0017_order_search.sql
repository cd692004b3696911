-- What the seller's order list filters and searches on, as plain columns: the buyer's name and
-- the country the order goes to (the shipping address's, else the billing address's).

ALTER TABLE orders ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN country TEXT NOT NULL DEFAULT '';
UPDATE orders SET
  name = COALESCE(json_extract(billing_address, '$.name'), ''),
  country = COALESCE(json_extract(COALESCE(shipping_address, billing_address), '$.country'), '');
CREATE INDEX orders_country ON orders (shop_id, country, created_at);
