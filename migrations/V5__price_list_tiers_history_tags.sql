-- Wave 3, issues 23 and 24: a price list's tiered rows (PricingTierRangeMin/Max) become part of
-- a price's key, so catalog_prices is rebuilt with the tier in its primary key; each price also
-- keeps its tags (trials, usage charges), the effective date of the list that last wrote it
-- (newer information per key wins: an older list re-imported never reopens what a newer one
-- ended), whether its end is the closing of a price a newer full list no longer contains, and
-- from when it is in effect when an explicitly ended earlier price of its key still holds.

CREATE TABLE catalog_prices_v5 (
    catalog_item_id    TEXT NOT NULL,
    segment            TEXT NOT NULL,
    market             TEXT NOT NULL,
    currency           TEXT NOT NULL,
    term_duration      TEXT NOT NULL,
    billing_cycle      TEXT NOT NULL,
    -- PricingTierRangeMin (0: not tiered) and PricingTierRangeMax (NULL: no upper bound).
    tier_min           INTEGER NOT NULL DEFAULT 0,
    tier_max           INTEGER,
    effective_start_us INTEGER NOT NULL,
    effective_end_us   INTEGER,
    -- When the price is in effect from (NULL: effective_start_us): later when an earlier price of
    -- the same key has an explicit end past this one's start (that one holds until its end).
    in_effect_from_us  INTEGER,
    -- 1 when effective_end_us is the closing of a price a newer full list omitted (not the
    -- file's own EffectiveEndDate).
    closed_by_list     INTEGER NOT NULL DEFAULT 0,
    list_price         TEXT NOT NULL,
    erp_price          TEXT,
    unit_price         TEXT NOT NULL,
    erp_unit_price     TEXT,
    -- The row's Tags, ';'-separated as in the file.
    tags               TEXT NOT NULL DEFAULT '',
    -- The effective date of the list that last wrote the row (its latest EffectiveStartDate);
    -- 0 for prices imported before this migration.
    list_date_us       INTEGER NOT NULL DEFAULT 0,
    import_version     INTEGER NOT NULL,
    source_line        INTEGER NOT NULL,
    PRIMARY KEY (catalog_item_id, segment, market, currency, term_duration, billing_cycle, tier_min,
                 effective_start_us)
) STRICT, WITHOUT ROWID;

INSERT INTO catalog_prices_v5 (catalog_item_id, segment, market, currency, term_duration, billing_cycle,
        effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
        import_version, source_line)
    SELECT catalog_item_id, segment, market, currency, term_duration, billing_cycle,
        effective_start_us, effective_end_us, list_price, erp_price, unit_price, erp_unit_price,
        import_version, source_line
    FROM catalog_prices;

DROP TABLE catalog_prices;
ALTER TABLE catalog_prices_v5 RENAME TO catalog_prices;
