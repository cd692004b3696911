-- Where customers come from. Visits are counted per shop, day (on the shop's calendar, days
-- since 1970-01-01) and source (channel, name, campaign: the same for everyone who came the
-- same way; nothing identifies a visitor). An order keeps the source it is credited to (the
-- last one that brought the shopper within the shop's window; NULL for orders placed before
-- sources were counted).
CREATE TABLE visits (
  shop_id BIGINT NOT NULL,
  day BIGINT NOT NULL,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  campaign TEXT NOT NULL,
  visits BIGINT NOT NULL,
  PRIMARY KEY (shop_id, day, channel, name, campaign)
);
ALTER TABLE orders ADD COLUMN source_channel TEXT;
ALTER TABLE orders ADD COLUMN source_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN source_campaign TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN attribution_days BIGINT NOT NULL DEFAULT 30;
