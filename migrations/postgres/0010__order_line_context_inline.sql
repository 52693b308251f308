-- Issue 29 (speed), as SQLite's V11: an order line's provisioning context moves into the
-- line's own row, `context`, a JSON object (NULL for a line without entries), and its table
-- goes. Text, as in SQLite, so that `Store::copy_into` carries it unchanged either way.
ALTER TABLE order_lines ADD COLUMN context text;
UPDATE order_lines l SET context = c.context
FROM (
    SELECT order_id, line_number, json_object_agg(key, value ORDER BY key)::text AS context
    FROM order_line_context GROUP BY order_id, line_number
) c
WHERE c.order_id = l.order_id AND c.line_number = l.line_number;
DROP TABLE order_line_context;
