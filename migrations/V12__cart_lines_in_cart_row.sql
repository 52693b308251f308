-- Wave 3 (issue 29, speed): a cart's lines move into its own row, as one JSON document
-- (`carts.lines`), and their table goes. Lines are only ever read and written as a whole cart
-- (a replace wrote every line again), so as rows of their own each cart paid one B-tree insert
-- per line on write and a second query on read.
--
-- The document: an array of one object per line in `seq` order (depth first: a line's add-ons
-- right after it), with short keys; a key whose value would be NULL, or a flag that is false,
-- is left out (json_patch onto '{}' drops NULL members). Amounts stay decimal text.
--   up = parent_seq, id = line_id, item = catalog_item_id, name = friendly_name,
--   qty = quantity, cur = currency_code, cycle = billing_cycle, term = term_duration,
--   group = order_group, renews = renews_to, attest = attestation_accepted,
--   promo = promotion_id, end_us = custom_term_end_us, err = error_code,
--   avail = available_quantity, bought = purchased_quantity, min = minimum_quantity,
--   eligible = eligible_for_purchase, segment, terms = offered_terms,
--   curs = offered_currencies, prices = [list, discounted, prorated, price, extended],
--   has_p / has_c / has_a = has_participants / has_context / has_addons,
--   pairs = the line's [kind, key, value] triples (its `pairs` column, migration 10).
ALTER TABLE carts ADD COLUMN lines TEXT NOT NULL DEFAULT '[]';
UPDATE carts SET lines = (
    SELECT json_group_array(json_patch('{}', json_object(
        'up', l.parent_seq, 'id', l.line_id, 'item', l.catalog_item_id, 'name', l.friendly_name,
        'qty', l.quantity, 'cur', l.currency_code, 'cycle', l.billing_cycle, 'term', l.term_duration,
        'group', l.order_group, 'renews', l.renews_to,
        'attest', CASE l.attestation_accepted WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
        'promo', l.promotion_id, 'end_us', l.custom_term_end_us, 'err', l.error_code,
        'avail', l.available_quantity, 'bought', l.purchased_quantity, 'min', l.minimum_quantity,
        'eligible', CASE l.eligible_for_purchase WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
        'segment', l.segment, 'terms', l.offered_terms, 'curs', l.offered_currencies,
        'prices', CASE WHEN coalesce(l.list_price, l.discounted_price, l.prorated_price, l.price, l.extended_price)
                      IS NOT NULL
                 THEN json_array(l.list_price, l.discounted_price, l.prorated_price, l.price, l.extended_price) END,
        'has_p', CASE WHEN l.has_participants THEN json('true') END,
        'has_c', CASE WHEN l.has_context THEN json('true') END,
        'has_a', CASE WHEN l.has_addons THEN json('true') END,
        'pairs', json(l.pairs)
    )) ORDER BY l.seq)
    FROM cart_lines l WHERE l.cart_id = carts.cart_id
) WHERE EXISTS (SELECT 1 FROM cart_lines l WHERE l.cart_id = carts.cart_id);
DROP TABLE cart_lines;
