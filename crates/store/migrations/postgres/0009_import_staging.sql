-- A CSV import writes its new products in short transactions, hidden (status 'staged', tagged
-- with the import's id, their own status kept in staged_status) until one short transaction
-- publishes them, so that one shop's large import never holds the database's writer for long.
-- import_stagings: one running import, with a lease renewed after each batch; a lease that ran
-- out is an import that died, whose staged products (and the categories it created) are removed.
ALTER TABLE products ADD COLUMN import_id BIGINT;
ALTER TABLE products ADD COLUMN staged_status TEXT;
CREATE INDEX products_import ON products (shop_id, import_id);

CREATE TABLE import_stagings (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  categories TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (shop_id, id)
);
CREATE INDEX import_stagings_due ON import_stagings (locked_until);
