-- Catalog: categories, products with their texts per language, option axes, variants (every
-- product has at least one; price, SKU, stock and weight live there), price history for the
-- French reference-price rule, tags, images with alt text per language, and the search index.
-- Kind-specific terms (rental, service, perishable, live animal, digital) and product-safety
-- information are JSON documents checked by domain::catalog.

CREATE TABLE categories (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  parent_id BIGINT,
  position BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, parent_id) REFERENCES categories(shop_id, id)
);

CREATE TABLE category_texts (
  shop_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  lang TEXT NOT NULL,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (shop_id, category_id, lang),
  UNIQUE (shop_id, lang, slug),
  FOREIGN KEY (shop_id, category_id) REFERENCES categories(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE products (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  category_id BIGINT,
  vat_class TEXT NOT NULL DEFAULT 'standard',
  condition TEXT,
  vendor TEXT,
  track_stock BIGINT NOT NULL DEFAULT 1,
  allow_backorder BIGINT NOT NULL DEFAULT 0,
  featured BIGINT NOT NULL DEFAULT 0,
  details TEXT NOT NULL DEFAULT '{}',
  safety TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, category_id) REFERENCES categories(shop_id, id)
);
CREATE INDEX products_listing ON products (shop_id, status, category_id);

CREATE TABLE product_texts (
  shop_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  slug TEXT NOT NULL,
  description_md TEXT NOT NULL DEFAULT '',
  seo_title TEXT NOT NULL DEFAULT '',
  seo_description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (shop_id, product_id, lang),
  UNIQUE (shop_id, lang, slug),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE product_options (
  shop_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  axis BIGINT NOT NULL,
  lang TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (shop_id, product_id, axis, lang),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE product_images (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  position BIGINT NOT NULL DEFAULT 0,
  key_prefix TEXT NOT NULL,
  width BIGINT NOT NULL,
  height BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX product_images_product ON product_images (shop_id, product_id, position);

CREATE TABLE image_alts (
  shop_id BIGINT NOT NULL,
  image_id BIGINT NOT NULL,
  lang TEXT NOT NULL,
  alt TEXT NOT NULL,
  PRIMARY KEY (shop_id, image_id, lang),
  FOREIGN KEY (shop_id, image_id) REFERENCES product_images(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE variants (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  position BIGINT NOT NULL DEFAULT 0,
  sku TEXT,
  option1 TEXT,
  option2 TEXT,
  option3 TEXT,
  price_minor BIGINT NOT NULL,
  compare_at_minor BIGINT,
  quantity BIGINT NOT NULL DEFAULT 0,
  weight_grams BIGINT,
  image_id BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  UNIQUE (shop_id, sku),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX variants_product ON variants (shop_id, product_id, position);

CREATE TABLE price_history (
  shop_id BIGINT NOT NULL,
  variant_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  price_minor BIGINT NOT NULL,
  PRIMARY KEY (shop_id, variant_id, at),
  FOREIGN KEY (shop_id, variant_id) REFERENCES variants(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE product_tags (
  shop_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (shop_id, product_id, tag),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX product_tags_tag ON product_tags (shop_id, tag);

CREATE TABLE search_terms (
  shop_id BIGINT NOT NULL,
  term TEXT COLLATE "C" NOT NULL,
  product_id BIGINT NOT NULL,
  weight BIGINT NOT NULL,
  PRIMARY KEY (shop_id, term, product_id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX search_terms_product ON search_terms (shop_id, product_id);
