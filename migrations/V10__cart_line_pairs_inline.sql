-- Wave 3 (issue 29, speed): a cart line's participants and provisioning context move into the
-- line's own row, as a JSON array of `[kind, key, value]` triples in position order (kind `p`
-- a participant, `c` a context entry; NULL for a line with neither), and their table goes.
-- They are only ever read with their line, whole; as rows of their own each cost a cart two
-- more B-trees to write (the table and its key) and each read of a cart a second query.
ALTER TABLE cart_lines ADD COLUMN pairs TEXT;
UPDATE cart_lines SET pairs = (
    SELECT json_group_array(json_array(p.kind, p.key, p.value) ORDER BY p.position)
    FROM cart_line_pairs p WHERE p.cart_id = cart_lines.cart_id AND p.seq = cart_lines.seq
) WHERE EXISTS (SELECT 1 FROM cart_line_pairs p WHERE p.cart_id = cart_lines.cart_id AND p.seq = cart_lines.seq);
DROP TABLE cart_line_pairs;
