-- What an order's rentals ask as a deposit (not part of its total): held on the customer's
-- card when paid by card, captured or released by the seller on return.
ALTER TABLE orders ADD COLUMN deposit_minor BIGINT NOT NULL DEFAULT 0;
