-- Wave 3 (issue 29, speed): every index a write pays for is one a query reads.
--
-- `cart_lines_by_item` is dropped. No query of the store reads cart lines by catalog item (a
-- cart's lines are read by `(cart_id, seq)`, the table's key), and `catalog_item_id` is no
-- foreign key whose parent a delete would check through it; yet every cart line written paid
-- for an entry in it, on a page of its own per item (a ten-line cart of ten items dirtied up to
-- ten more pages, each one more frame in the write-ahead log at commit).
DROP INDEX IF EXISTS cart_lines_by_item;

-- `checkouts_by_customer (customer_id)` served one query, the replay of a checkout by its
-- request id (`customer_id = ? AND request_id = ?`), which it answered by reading every
-- checkout of the customer. The index that replaces it is keyed by both and holds only the
-- checkouts made with a request id: a checkout without one writes no entry, and a replay reads
-- one. (Not unique: a file of wave 2 may hold a request id a customer reused across carts; the
-- store answers with one of them, as it did.)
DROP INDEX IF EXISTS checkouts_by_customer;
CREATE INDEX checkouts_by_request ON checkouts (customer_id, request_id) WHERE request_id IS NOT NULL;
