-- What a line's VAT was computed on: its amount as the buyer pays it (converted for an export
-- or a foreign rate), which its invoice line states; NULL on lines placed before it was kept.
ALTER TABLE order_lines ADD COLUMN taxed_minor BIGINT;
