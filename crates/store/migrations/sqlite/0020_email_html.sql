-- The HTML part of the note to a gift's recipient, kept with its text until the order ships
-- (empty for notes kept before e-mails had a design of their own: their HTML is made from
-- the text).
ALTER TABLE order_parcels ADD COLUMN note_html TEXT;
