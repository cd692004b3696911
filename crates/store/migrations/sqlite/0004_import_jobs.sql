-- CSV imports from the admin and the pictures they name.
-- import_jobs: an uploaded file kept between its preview and its confirmation (bound to the
-- shop and the staff member who sent it), then run in the background with its progress and
-- result. image_fetches: one picture URL of an imported product, downloaded later by a worker
-- loop (claimed with a lease, retried with backoff); a failure is kept as a warning on the
-- product.

CREATE TABLE import_jobs (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  staff_id BIGINT NOT NULL,
  filename TEXT NOT NULL,
  content BLOB NOT NULL,
  lang TEXT NOT NULL,
  state TEXT NOT NULL,
  total BIGINT NOT NULL DEFAULT 0,
  processed BIGINT NOT NULL DEFAULT 0,
  report TEXT NOT NULL DEFAULT '{}',
  attempts BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE INDEX import_jobs_due ON import_jobs (state, locked_until);

CREATE TABLE image_fetches (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  url TEXT NOT NULL,
  alt TEXT NOT NULL DEFAULT '',
  position BIGINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX image_fetches_due ON image_fetches (state, next_attempt_at);
CREATE INDEX image_fetches_product ON image_fetches (shop_id, product_id);
