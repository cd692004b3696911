-- What the seller's order list filters and searches on, as plain columns: the buyer's name and
-- the country the order goes to (the shipping address's, else the billing address's).

ALTER TABLE orders ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN country TEXT NOT NULL DEFAULT '';
UPDATE orders SET
  name = COALESCE(billing_address::json->>'name', ''),
  country = COALESCE(COALESCE(shipping_address, billing_address)::json->>'country', '');
CREATE INDEX orders_country ON orders (shop_id, country, created_at);
