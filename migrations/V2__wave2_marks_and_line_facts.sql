-- Wave 2, first migration. Marks the file as cartstore's in SQLite's header
-- (`application_id`, "CaSt"), so that opening can tell a cartstore database from another
-- application's and refuse the latter untouched.
PRAGMA application_id = 1130451828;

-- What each order line took from a limited item's inventory, so that cancelling gives back
-- exactly that (an item limited only after the order was placed gives back nothing). NULL on
-- orders placed before this migration: cancelling those gives back their quantity when the
-- item is limited, as wave 1 did.
ALTER TABLE order_lines ADD COLUMN inventory_taken INTEGER;

-- The further members of a line error's additionalInformation: the item's minimum quantity
-- (a quantity below it) and eligibleForPurchase (an item that cannot be bought).
ALTER TABLE cart_lines ADD COLUMN minimum_quantity INTEGER;
ALTER TABLE cart_lines ADD COLUMN eligible_for_purchase INTEGER;

-- Catalog ids are matched case-insensitively, as Partner Center's are.
CREATE INDEX catalog_items_by_id_nocase ON catalog_items (catalog_item_id COLLATE NOCASE);
