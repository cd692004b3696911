-- A shop's VAT choices beyond its legal identity: the option for destination VAT on EU distance
-- sales from the first euro (CGI art. 258 A III), instead of waiting for the €10,000 threshold.

CREATE TABLE shop_tax (
  shop_id BIGINT NOT NULL PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
  oss_opted BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
