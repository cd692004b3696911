-- The mall: the platform's home lists the open shops, by the directory category their seller
-- chose and by region (read from their legal address), with the operator's featured ones first,
-- and searches every listed shop's catalog at once. A seller may leave the mall (mall_listed 0).
-- The cross-shop search looks terms up without a shop: it needs an index that starts with the
-- term (covering, so that it never reads the table).
ALTER TABLE shops ADD COLUMN mall_listed BIGINT NOT NULL DEFAULT 1;
ALTER TABLE shops ADD COLUMN mall_category TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN mall_featured BIGINT NOT NULL DEFAULT 0;
CREATE INDEX search_terms_term ON search_terms (term, shop_id, product_id, weight);
