-- Search finds and orders exactly what SQLite's FTS5 does (issue 26): words are split where
-- FTS5's `unicode61` splits them (every run of characters other than letters and digits is a
-- boundary, so `docs.microsoft.com` holds `microsoft`), and each item keeps its token count,
-- which FTS5's bm25 reads (src/db/postgres/search.rs, `index_sql`, writes both on every
-- import; this is the same statement, run once over the items already stored).
ALTER TABLE catalog_items ADD COLUMN search_tokens bigint NOT NULL DEFAULT 0;
UPDATE catalog_items SET
    search_title = to_tsvector('simple', regexp_replace(unaccent(coalesce(title, '')), '[^[:alnum:]]+', ' ', 'g')),
    search_all = setweight(to_tsvector('simple', regexp_replace(unaccent(coalesce(catalog_item_id, '')), '[^[:alnum:]]+', ' ', 'g')), 'B')
        || setweight(to_tsvector('simple', regexp_replace(unaccent(coalesce(title, '')), '[^[:alnum:]]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('simple', regexp_replace(unaccent(coalesce(description, '')), '[^[:alnum:]]+', ' ', 'g')), 'D');
UPDATE catalog_items SET
    search_tokens = (SELECT count(*) FROM unnest(search_all) AS u, unnest(u.positions) AS p);
