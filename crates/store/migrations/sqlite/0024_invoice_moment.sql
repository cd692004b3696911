-- When the shop issues an order's invoice: once it is paid in full ("payment", the default),
-- or when it is shipped or handed over ("shipment").
ALTER TABLE shop_tax ADD COLUMN invoice_at TEXT NOT NULL DEFAULT 'payment';
