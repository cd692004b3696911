-- The file a digital product delivers: kept under a private storage prefix that the public media
-- route never serves, counted in the shop's storage quota. One file per product.
CREATE TABLE digital_files (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  product_id BIGINT NOT NULL,
  key TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, product_id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
