-- Wave 3 (money): a line without a term whose item offers several for its billing cycle, or
-- without a currency where several are offered, carries the choices in its line error
-- (`additionalInformation.termDurations` / `currencyCodes`), kept space-separated. And a quote
-- is issued again, with a new number, for the same cart version and options when what its
-- prices depend on changed (the catalog, the customer's profile, the partner's, or time), so
-- the index on that triple is no longer unique; the newest quote of a key is the one reused.
ALTER TABLE cart_lines ADD COLUMN offered_terms TEXT;
ALTER TABLE cart_lines ADD COLUMN offered_currencies TEXT;
DROP INDEX quotes_by_cart_version;
CREATE INDEX quotes_by_cart_version ON quotes (cart_id, cart_modified_us, options_json, seq);
