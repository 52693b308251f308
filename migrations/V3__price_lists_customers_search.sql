-- Wave 2, issue 15: Microsoft's price lists, customer profiles and catalog search. A price
-- belongs to its effective period, so importing next month's list adds prices and keeps the
-- old ones; a customer's segment decides who may buy Education, Charity and Government SKUs;
-- an FTS5 index, kept in step with catalog_items by every import, serves catalog search.

-- What a price list says of an item besides its title, and the one segment it is sold to
-- (NULL: any customer).
ALTER TABLE catalog_items ADD COLUMN description TEXT;
ALTER TABLE catalog_items ADD COLUMN segment TEXT;

-- The optional narrowing of a JSON catalog's term (NULL: no narrowing).
ALTER TABLE catalog_terms ADD COLUMN erp_price TEXT;
ALTER TABLE catalog_terms ADD COLUMN segment TEXT;
ALTER TABLE catalog_terms ADD COLUMN market TEXT;
ALTER TABLE catalog_terms ADD COLUMN currency_code TEXT;
ALTER TABLE catalog_terms ADD COLUMN effective_start_us INTEGER;
ALTER TABLE catalog_terms ADD COLUMN effective_end_us INTEGER;

-- One row per price of a price list: an item's price for one (segment, market, currency,
-- term, billing cycle) from effective_start_us to effective_end_us (exclusive; NULL: open).
-- list_price / erp_price are per billing period (unit_price / erp_unit_price, the file's
-- whole-term figures, divided by the billing periods in the term), exact decimal text.
-- import_version is the catalog_version of the import that last read the row and
-- source_line its line in that file: two rows of one file with one key are found, and named.
CREATE TABLE catalog_prices (
    catalog_item_id    TEXT NOT NULL, -- a catalog_items id (no foreign key: one lookup less per row)
    segment            TEXT NOT NULL,
    market             TEXT NOT NULL,
    currency           TEXT NOT NULL,
    term_duration      TEXT NOT NULL,
    billing_cycle      TEXT NOT NULL,
    effective_start_us INTEGER NOT NULL,
    effective_end_us   INTEGER,
    list_price         TEXT NOT NULL,
    erp_price          TEXT,
    unit_price         TEXT NOT NULL,
    erp_unit_price     TEXT,
    import_version     INTEGER NOT NULL,
    source_line        INTEGER NOT NULL,
    PRIMARY KEY (catalog_item_id, segment, market, currency, term_duration, billing_cycle, effective_start_us)
) STRICT, WITHOUT ROWID;

-- Customer profiles (a customer without one is commercial with no preferences).
CREATE TABLE customers (
    customer_id   TEXT PRIMARY KEY,
    name          TEXT,
    segment       TEXT NOT NULL,
    market        TEXT,
    currency_code TEXT,
    locale        TEXT
) STRICT;

-- The segment a line's item is reserved for (line error 10006).
ALTER TABLE cart_lines ADD COLUMN segment TEXT;

-- Catalog search: one row per catalog item (rowid = the item's rowid), words of its id, title
-- and description, case and accents folded.
CREATE VIRTUAL TABLE catalog_search USING fts5 (
    catalog_item_id, title, description,
    tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
    SELECT rowid, catalog_item_id, coalesce(title, ''), '' FROM catalog_items;
