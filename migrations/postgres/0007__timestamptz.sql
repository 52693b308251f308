-- Instants as `timestamptz`: every `*_us` column (the names are SQLite's, where an instant is
-- integer microseconds since 1970; `Store::copy_into` maps columns by name between the two).
-- The library binds and reads microseconds through the two functions below, exact to the
-- microsecond over chrono's whole range, and a team's own SQL reads dates. An instant before
-- PostgreSQL's first (4714-11-24 BC) is stored as that first instant.

-- Microseconds since 1970-01-01 UTC as an instant. Within 2^53 microseconds of 1970 (the years
-- 1685 to 2255) the microseconds are added as they are (exact: a double holds them all; an
-- interval of microseconds only, no session time zone involved); beyond, whole days then the
-- rest, on a timestamp without time zone. NULL stays NULL. STABLE, as `timestamptz + interval`
-- is, and not STRICT, so that PostgreSQL inlines it into each statement.
CREATE FUNCTION cartstore_at(us bigint) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN us BETWEEN -9007199254740992 AND 9007199254740992
            THEN timestamptz '1970-01-01 00:00:00+00' + us * interval '1 microsecond'
        WHEN us < -210866803200000000 THEN timestamptz '4714-11-24 00:00:00+00 BC'
        ELSE (timestamp '1970-01-01' + (us / 86400000000) * interval '1 day'
              + (us % 86400000000) * interval '1 microsecond') AT TIME ZONE 'UTC' END
$$;

-- An instant as microseconds since 1970-01-01 UTC (exact: `extract` gives a numeric).
CREATE FUNCTION cartstore_us(at timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (extract(epoch FROM at AT TIME ZONE 'UTC') * 1000000)::bigint
$$;

ALTER TABLE carts
    ALTER COLUMN creation_us TYPE timestamptz USING cartstore_at(creation_us),
    ALTER COLUMN last_modified_us TYPE timestamptz USING cartstore_at(last_modified_us),
    ALTER COLUMN expiration_us TYPE timestamptz USING cartstore_at(expiration_us);
ALTER TABLE cart_lines
    ALTER COLUMN custom_term_end_us TYPE timestamptz USING cartstore_at(custom_term_end_us);
ALTER TABLE catalog_terms
    ALTER COLUMN effective_start_us TYPE timestamptz USING cartstore_at(effective_start_us),
    ALTER COLUMN effective_end_us TYPE timestamptz USING cartstore_at(effective_end_us);
ALTER TABLE catalog_promotions
    ALTER COLUMN start_us TYPE timestamptz USING cartstore_at(start_us),
    ALTER COLUMN end_us TYPE timestamptz USING cartstore_at(end_us);
ALTER TABLE catalog_prices ALTER COLUMN list_date_us DROP DEFAULT;
ALTER TABLE catalog_prices
    ALTER COLUMN effective_start_us TYPE timestamptz USING cartstore_at(effective_start_us),
    ALTER COLUMN effective_end_us TYPE timestamptz USING cartstore_at(effective_end_us),
    ALTER COLUMN in_effect_from_us TYPE timestamptz USING cartstore_at(in_effect_from_us),
    ALTER COLUMN list_date_us TYPE timestamptz USING cartstore_at(list_date_us);
ALTER TABLE catalog_prices ALTER COLUMN list_date_us SET DEFAULT cartstore_at(0);
ALTER TABLE checkouts
    ALTER COLUMN created_us TYPE timestamptz USING cartstore_at(created_us);
ALTER TABLE orders
    ALTER COLUMN creation_us TYPE timestamptz USING cartstore_at(creation_us);
ALTER TABLE partner_profile
    ALTER COLUMN updated_us TYPE timestamptz USING cartstore_at(updated_us);
ALTER TABLE quotes
    ALTER COLUMN issued_us TYPE timestamptz USING cartstore_at(issued_us),
    ALTER COLUMN cart_modified_us TYPE timestamptz USING cartstore_at(cart_modified_us);
ALTER TABLE pc_submissions
    ALTER COLUMN created_us TYPE timestamptz USING cartstore_at(created_us),
    ALTER COLUMN updated_us TYPE timestamptz USING cartstore_at(updated_us);
ALTER TABLE pc_requests
    ALTER COLUMN started_us TYPE timestamptz USING cartstore_at(started_us),
    ALTER COLUMN finished_us TYPE timestamptz USING cartstore_at(finished_us);
