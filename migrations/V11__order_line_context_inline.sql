-- Wave 3 (issue 29, speed): an order line's provisioning context moves into the line's own
-- row, as a JSON object (NULL for a line without entries; `has_context` still says whether the
-- line has a context at all), and its table goes. As migration 10 did for cart lines: the
-- entries are only ever read with their line, and as rows of their own each checkout of a line
-- with a context paid two more B-trees to write and each read of an order a second query.
ALTER TABLE order_lines ADD COLUMN context TEXT;
UPDATE order_lines SET context = (
    SELECT json_group_object(c.key, c.value ORDER BY c.key)
    FROM order_line_context c WHERE c.order_id = order_lines.order_id AND c.line_number = order_lines.line_number
) WHERE EXISTS (
    SELECT 1 FROM order_line_context c WHERE c.order_id = order_lines.order_id AND c.line_number = order_lines.line_number
);
DROP TABLE order_line_context;
