-- How a shop types its prices: tax included ("TTC", the French default for shops selling to
-- consumers) or tax excluded ("HT"); shoppers always see prices tax included.
ALTER TABLE shop_tax ADD COLUMN price_entry TEXT NOT NULL DEFAULT 'tax_included';

-- Whether the shop shows estimates in other currencies at the operator's rates, for the
-- currencies it gives no rate of its own.
ALTER TABLE shop_tax ADD COLUMN platform_rates BIGINT NOT NULL DEFAULT 0;

-- The seller's exchange rates, to show shoppers abroad an estimate of a price in their
-- currency (orders are charged in the shop's currency): units of `currency` for one unit of
-- the shop's currency, in millionths, as of a date (YYYY-MM-DD).
CREATE TABLE shop_currency_rates (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  currency TEXT NOT NULL,
  rate_micro BIGINT NOT NULL,
  as_of TEXT NOT NULL,
  PRIMARY KEY (shop_id, currency)
);
