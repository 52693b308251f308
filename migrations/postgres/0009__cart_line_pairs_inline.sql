-- Issue 29 (speed), as SQLite's V10: a cart line's participants and provisioning context move
-- into the line's own row, `pairs`, a JSON array of `[kind, key, value]` triples in position
-- order (NULL for a line with neither), and their table goes. Text, as in SQLite, so that
-- `Store::copy_into` carries it unchanged either way.
ALTER TABLE cart_lines ADD COLUMN pairs text;
UPDATE cart_lines l SET pairs = p.pairs
FROM (
    SELECT cart_id, seq, json_agg(json_build_array(kind, key, value) ORDER BY position)::text AS pairs
    FROM cart_line_pairs GROUP BY cart_id, seq
) p
WHERE p.cart_id = l.cart_id AND p.seq = l.seq;
DROP TABLE cart_line_pairs;
