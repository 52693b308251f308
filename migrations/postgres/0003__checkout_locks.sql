-- Exactly once on PostgreSQL (DESIGN 14): a request id is its customer's for one checkout.
-- A retry with the same request id finds the stored result (of the same cart) and replays it;
-- the store refuses the id for another cart before writing (InvalidInput on requestId, on
-- SQLite too), and this index is the second wall: two transactions can never both store a
-- checkout under one (customer, request id). Checkouts without a request id are not concerned.
-- (The cart row is locked FOR UPDATE by the checkout that reads it, and the limited items in
-- id order: locks, not schema; see src/db/postgres/mod.rs.)
CREATE UNIQUE INDEX checkouts_by_request ON checkouts (customer_id, request_id) WHERE request_id IS NOT NULL;
