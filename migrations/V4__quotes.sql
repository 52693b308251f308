-- Wave 2: stored quotes. A quote is issued once and never changes; its number is sequential
-- per store (`Q-<year>-<seq>`); issuing again for the same cart version (its modification
-- instant) with the same options returns the stored quote, so the index on that triple is
-- unique. The quote is kept as the JSON it was issued as, so that it reads back, and renders
-- in any locale, with the same figures.
CREATE TABLE quotes (
    quote_number     TEXT PRIMARY KEY,
    seq              INTEGER NOT NULL UNIQUE,
    customer_id      TEXT NOT NULL,
    cart_id          TEXT NOT NULL,
    cart_modified_us INTEGER NOT NULL,
    options_json     TEXT NOT NULL,
    issued_us        INTEGER NOT NULL,
    quote_json       TEXT NOT NULL
) STRICT;
CREATE INDEX quotes_by_customer ON quotes (customer_id, seq);
CREATE UNIQUE INDEX quotes_by_cart_version ON quotes (cart_id, cart_modified_us, options_json);
