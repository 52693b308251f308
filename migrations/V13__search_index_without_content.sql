-- Wave 3 (issue 29, speed): the search index keeps no copy of the words it indexes. As a
-- regular FTS5 table, `catalog_search` stored every item's id, title and description a second
-- time (its `_content` table) beside `catalog_items`, and nothing reads them back from it: a
-- search matches and ranks on the index itself (bm25 reads the token counts of `_docsize`) and
-- takes the title's length from the item. Contentless, with `contentless_delete=1` (SQLite
-- 3.43) so that a row is still deleted by its rowid alone, an import writes a third less for
-- its items (an all-markets list of 333,334 items: 376 MB of file before, 241 MB after).
-- The index is the same: every item's row (rowid = the item's rowid), its id, title and
-- description, case and accents folded.
DROP TABLE catalog_search;
CREATE VIRTUAL TABLE catalog_search USING fts5 (
    catalog_item_id, title, description,
    content = '', contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2"
);
-- FTS5 holds a write's new index data in memory up to `hashsize` bytes (1 MB by default), then
-- writes it as a segment and merges segments as they pile up. An import indexes its items in
-- one statement: at 1 MB, indexing a list of 100,000 new items spent three quarters of its
-- index writes merging the segments as they piled up; at 16 MB a fifth of what it spent
-- before (BENCHMARKS.md, issue 29, wave 3 session 9). Kept in `catalog_search_config`; the
-- memory (about 25 MB more at the peak of a million-row import) is held only while a write
-- indexes.
INSERT INTO catalog_search (catalog_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
    SELECT rowid, catalog_item_id, coalesce(title, ''), coalesce(description, '') FROM catalog_items
    ORDER BY rowid;
