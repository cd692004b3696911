-- Gifts: an order delivered to someone other than the buyer, or to several recipients (a
-- company sending trays to its clients), is kept as parcels, one per recipient: the address,
-- the message for the packing slip, the date asked for and the planned dispatch day, the
-- method and its price for that parcel (the order's shipping is their sum), and the note to
-- the recipient, written in the shop's language when the order is placed and sent when it
-- ships. Each parcel holds a share of the order's lines. An order without parcels goes, as
-- before, to its shipping address.

CREATE TABLE order_parcels (
  shop_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  address TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  deliver_on TEXT,
  dispatch_on TEXT,
  shipping_method TEXT,
  shipping_name TEXT NOT NULL DEFAULT '',
  shipping_minor BIGINT NOT NULL DEFAULT 0,
  notify_email TEXT,
  note_subject TEXT,
  note_text TEXT,
  notified_at BIGINT,
  PRIMARY KEY (shop_id, order_id, position),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE order_parcel_lines (
  shop_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  parcel BIGINT NOT NULL,
  line BIGINT NOT NULL,
  quantity BIGINT NOT NULL,
  PRIMARY KEY (shop_id, order_id, parcel, line),
  FOREIGN KEY (shop_id, order_id, parcel)
    REFERENCES order_parcels(shop_id, order_id, position) ON DELETE CASCADE
);

-- The gift as the buyer types it at checkout (JSON), kept with the cart beside the checkout
-- draft until the order is placed.
ALTER TABLE carts ADD COLUMN gift TEXT;
