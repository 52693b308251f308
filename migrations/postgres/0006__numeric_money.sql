-- Money as `numeric`: the amounts of the catalog's terms, of the price list's prices, and of
-- cart and order lines. They were the decimal text SQLite keeps (and still keeps); `numeric`
-- keeps each amount's digits and scale exactly as written (30.40 stays 30.40, not 30.4), so
-- the JSON a store gives is unchanged, and a team's own reports can sum and compare amounts
-- in SQL. Every amount the library wrote is a plain decimal, so the casts below cannot fail.
ALTER TABLE catalog_terms
    ALTER COLUMN list_price TYPE numeric USING list_price::numeric,
    ALTER COLUMN erp_price TYPE numeric USING erp_price::numeric;

ALTER TABLE catalog_prices
    ALTER COLUMN list_price TYPE numeric USING list_price::numeric,
    ALTER COLUMN erp_price TYPE numeric USING erp_price::numeric,
    ALTER COLUMN unit_price TYPE numeric USING unit_price::numeric,
    ALTER COLUMN erp_unit_price TYPE numeric USING erp_unit_price::numeric;

ALTER TABLE cart_lines
    ALTER COLUMN list_price TYPE numeric USING list_price::numeric,
    ALTER COLUMN discounted_price TYPE numeric USING discounted_price::numeric,
    ALTER COLUMN prorated_price TYPE numeric USING prorated_price::numeric,
    ALTER COLUMN price TYPE numeric USING price::numeric,
    ALTER COLUMN extended_price TYPE numeric USING extended_price::numeric;

ALTER TABLE order_lines
    ALTER COLUMN list_price TYPE numeric USING list_price::numeric,
    ALTER COLUMN discounted_price TYPE numeric USING discounted_price::numeric,
    ALTER COLUMN prorated_price TYPE numeric USING prorated_price::numeric,
    ALTER COLUMN price TYPE numeric USING price::numeric,
    ALTER COLUMN extended_price TYPE numeric USING extended_price::numeric;
