-- How a shop types its prices: tax included ("TTC", the French default for shops selling to
-- consumers) or tax excluded ("HT"); shoppers always see prices tax included.
ALTER TABLE shop_tax ADD COLUMN price_entry TEXT NOT NULL DEFAULT 'tax_included';
