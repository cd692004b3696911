-- Interest tests: a "coming soon" product collects the e-mail addresses of people who want to
-- be told when it goes on sale, each confirmed by a link sent to it (double opt-in: only
-- confirmed requests count, and confirmed_at records the consent, given in the language the
-- page was read in). The seller may set a goal (interest_goal, 0: none); interest_reached_at
-- says when the confirmed requests first reached it (the seller is told once). Putting the
-- product on sale tells every confirmed request once (notified_at); cancelled_at is a request
-- withdrawn through the link every e-mail carries.
ALTER TABLE products ADD COLUMN interest_goal BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN interest_reached_at BIGINT;

CREATE TABLE interest_requests (
  shop_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  email TEXT NOT NULL,
  lang TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  notified_at BIGINT,
  cancelled_at BIGINT,
  PRIMARY KEY (shop_id, id),
  FOREIGN KEY (shop_id, product_id) REFERENCES products(shop_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX interest_requests_email ON interest_requests (shop_id, product_id, email);
