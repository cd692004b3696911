-- Manual collections, the shop's opening calendar and the bookings services and rentals share.

CREATE TABLE collections (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);

CREATE TABLE collection_texts (
  shop_id BIGINT NOT NULL,
  collection_id BIGINT NOT NULL,
  lang TEXT NOT NULL,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (shop_id, collection_id, lang),
  FOREIGN KEY (shop_id, collection_id) REFERENCES collections(shop_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX collection_texts_slug ON collection_texts (shop_id, lang, slug);

CREATE TABLE collection_products (
  shop_id BIGINT NOT NULL,
  collection_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (shop_id, collection_id, product_id),
  FOREIGN KEY (shop_id, collection_id) REFERENCES collections(shop_id, id) ON DELETE CASCADE,
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);

-- Wall-clock minutes in the shop's time zone; a close of 0 is midnight at the end of the day.
CREATE TABLE opening_hours (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  weekday BIGINT NOT NULL,
  opens_minute BIGINT NOT NULL,
  closes_minute BIGINT NOT NULL,
  PRIMARY KEY (shop_id, weekday, opens_minute)
);

-- Dates (YYYY-MM-DD, both included) the shop is closed.
CREATE TABLE shop_closures (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  PRIMARY KEY (shop_id, id)
);

-- A held, confirmed or cancelled period of a service slot or a rental; instants in UTC.
CREATE TABLE bookings (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  variant_id BIGINT,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  quantity BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX bookings_product ON bookings (shop_id, product_id, starts_at);
