-- Each shop's shipping table (zones, their methods and rates), as the validated JSON document
-- of domain::shipping (`{"version": 1, "zones": [...]}`). The table is always read, checked and
-- saved whole (zones must not overlap, method keys are unique across zones), so one row per
-- shop; a shop without a row uses the example table until its seller saves one.

CREATE TABLE shop_shipping (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  doc TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id)
);
