-- Several shops may ask for the same custom domain while it is unverified (a typo, or a stranger
-- naming someone else's domain, must not block its owner); the first one the operator verifies
-- wins, and a verified host belongs to one shop only.
ALTER TABLE custom_domains DROP CONSTRAINT custom_domains_pkey;
ALTER TABLE custom_domains ADD PRIMARY KEY (host, shop_id);
CREATE UNIQUE INDEX custom_domains_verified_host ON custom_domains (host) WHERE verified_at IS NOT NULL;
