-- Exactly once on PostgreSQL (DESIGN 14): a request id is its customer's for one checkout.
-- A retry with the same request id finds the stored result (of the same cart) and replays it;
-- the store refuses the id for another cart before writing (InvalidInput on requestId, on
-- SQLite too), and this index is the second wall: two transactions can never both store a
-- checkout under one (customer, request id). Checkouts without a request id are not concerned.
-- (The cart row is locked FOR UPDATE by the checkout that reads it, and the limited items in
-- id order: locks, not schema; see src/db/postgres/mod.rs.)
--
-- A store written before this rule may hold one request id on several of a customer's
-- checkouts (each of another cart): the first (by creation, then cart id) keeps it, the later
-- ones lose it (their carts stay ordered and their results stored; a retry of a later one's
-- checkout with that id is 800065, its cart being ordered, and the first one's replays as
-- before). Without this the index could not be made and the store would not open.
UPDATE checkouts c SET request_id = NULL
WHERE c.request_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM checkouts e
    WHERE e.customer_id = c.customer_id AND e.request_id = c.request_id
      AND (e.created_us, e.cart_id) < (c.created_us, c.cart_id)
);
CREATE UNIQUE INDEX checkouts_by_request ON checkouts (customer_id, request_id) WHERE request_id IS NOT NULL;
