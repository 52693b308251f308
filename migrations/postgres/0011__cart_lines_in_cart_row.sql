-- Issue 29 (speed), as SQLite's V12: a cart's lines move into its own row, `lines`, one JSON
-- document (an array of one object per line in `seq` order, short keys, NULL members and false
-- flags left out, amounts as decimal text, the custom term end as integer microseconds; the
-- keys are listed in SQLite's migration 12), and their table goes. Text, as in SQLite, so
-- that `Store::copy_into` carries it unchanged either way.
ALTER TABLE carts ADD COLUMN lines text NOT NULL DEFAULT '[]';
UPDATE carts c SET lines = d.lines
FROM (
    SELECT l.cart_id, json_agg(json_strip_nulls(json_build_object(
        'up', l.parent_seq, 'id', l.line_id, 'item', l.catalog_item_id, 'name', l.friendly_name,
        'qty', l.quantity, 'cur', l.currency_code, 'cycle', l.billing_cycle, 'term', l.term_duration,
        'group', l.order_group, 'renews', l.renews_to, 'attest', l.attestation_accepted,
        'promo', l.promotion_id, 'end_us', cartstore_us(l.custom_term_end_us), 'err', l.error_code,
        'avail', l.available_quantity, 'bought', l.purchased_quantity, 'min', l.minimum_quantity,
        'eligible', l.eligible_for_purchase, 'segment', l.segment, 'terms', l.offered_terms,
        'curs', l.offered_currencies,
        'prices', CASE WHEN coalesce(l.list_price, l.discounted_price, l.prorated_price, l.price, l.extended_price)
                           IS NOT NULL
                      THEN json_build_array(l.list_price::text, l.discounted_price::text, l.prorated_price::text,
                                            l.price::text, l.extended_price::text) END,
        'has_p', CASE WHEN l.has_participants THEN true END,
        'has_c', CASE WHEN l.has_context THEN true END,
        'has_a', CASE WHEN l.has_addons THEN true END,
        'pairs', l.pairs::json
    )) ORDER BY l.seq)::text AS lines
    FROM cart_lines l GROUP BY l.cart_id
) d
WHERE d.cart_id = c.cart_id;
DROP TABLE cart_lines;
