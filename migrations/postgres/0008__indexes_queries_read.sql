-- Issue 29 (speed), as SQLite's V9: every index a write pays for is one a query reads.
-- `cart_lines_by_item`: no query reads cart lines by catalog item, and `catalog_item_id` is no
-- foreign key. `checkouts_by_customer (customer_id, request_id)`: the replay of a checkout by
-- its request id is answered by `checkouts_by_request` (migration 0003), which holds only the
-- checkouts made with one.
DROP INDEX IF EXISTS cart_lines_by_item;
DROP INDEX IF EXISTS checkouts_by_customer;
