-- Catalog search with PostgreSQL's full text: each item's id, title and description as
-- tsvectors of the `simple` configuration over unaccent()ed text (case and accents folded, no
-- stemming: a word matches as written, as SQLite's FTS5 `unicode61 remove_diacritics 2`
-- matches it), written by every import beside the item (src/db/postgres/search.rs).
CREATE EXTENSION IF NOT EXISTS unaccent;
ALTER TABLE catalog_items ADD COLUMN search_title tsvector NOT NULL DEFAULT ''::tsvector;
ALTER TABLE catalog_items ADD COLUMN search_all tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX catalog_items_search ON catalog_items USING gin (search_all);
