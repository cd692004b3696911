-- A product's page is found by its slug in any of the shop's languages (the address may name
-- the page in another language than its own): without this index, every product page read all
-- of the shop's product texts.
CREATE INDEX product_texts_slug ON product_texts (shop_id, slug, lang);
