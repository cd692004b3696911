-- Several shops may ask for the same custom domain while it is unverified (a typo, or a stranger
-- naming someone else's domain, must not block its owner); the first one the operator verifies
-- wins, and a verified host belongs to one shop only. SQLite cannot change a primary key: the
-- table is rebuilt.
CREATE TABLE custom_domains_claims (
  host TEXT NOT NULL,
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  verified_at BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (host, shop_id)
);
INSERT INTO custom_domains_claims (host, shop_id, verified_at, created_at)
  SELECT host, shop_id, verified_at, created_at FROM custom_domains;
DROP TABLE custom_domains;
ALTER TABLE custom_domains_claims RENAME TO custom_domains;
CREATE INDEX custom_domains_shop ON custom_domains (shop_id);
CREATE UNIQUE INDEX custom_domains_verified_host ON custom_domains (host) WHERE verified_at IS NOT NULL;
