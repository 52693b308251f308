-- The first schema: the catalog, carts with their lines (add-ons as child lines), orders with
-- their lines and provisioning status, and the stored checkout results. Every customer-owned
-- row carries its customer id; every foreign key and every column a list call filters on has
-- an index. Money is TEXT (exact decimals), instants are INTEGER microseconds since the epoch.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('catalog_version', 0);

CREATE TABLE catalog_items (
    catalog_item_id       TEXT PRIMARY KEY,
    title                 TEXT,
    currency_code         TEXT NOT NULL,
    market                TEXT,
    minimum_quantity      INTEGER,
    maximum_quantity      INTEGER,
    inventory             INTEGER,
    eligible_for_purchase INTEGER NOT NULL,
    requires_attestation  INTEGER NOT NULL
) STRICT;

CREATE TABLE catalog_terms (
    catalog_item_id TEXT NOT NULL REFERENCES catalog_items (catalog_item_id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    term_duration   TEXT,
    billing_cycle   TEXT,
    list_price      TEXT NOT NULL,
    renews_to       TEXT NOT NULL, -- space-separated ISO 8601 durations
    PRIMARY KEY (catalog_item_id, position)
) STRICT;

CREATE TABLE catalog_promotions (
    catalog_item_id  TEXT NOT NULL REFERENCES catalog_items (catalog_item_id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    promotion_id     TEXT NOT NULL,
    term_duration    TEXT,
    billing_cycle    TEXT,
    discount_percent TEXT NOT NULL,
    start_us         INTEGER,
    end_us           INTEGER,
    PRIMARY KEY (catalog_item_id, position)
) STRICT;

-- kind 'v': a provisioning variable; kind 'a': a base item this item is an add-on of.
CREATE TABLE catalog_item_names (
    catalog_item_id TEXT NOT NULL REFERENCES catalog_items (catalog_item_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('v', 'a')),
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (catalog_item_id, kind, position)
) STRICT;

CREATE TABLE carts (
    cart_id            TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('Active', 'Ordered')),
    creation_us        INTEGER NOT NULL,
    last_modified_us   INTEGER NOT NULL,
    expiration_us      INTEGER NOT NULL,
    last_modified_user TEXT
) STRICT;
CREATE INDEX carts_by_customer ON carts (customer_id, creation_us);

-- One row per line; add-ons point at their parent line (seq is the depth-first position).
CREATE TABLE cart_lines (
    cart_id              TEXT NOT NULL REFERENCES carts (cart_id) ON DELETE CASCADE,
    seq                  INTEGER NOT NULL,
    customer_id          TEXT NOT NULL,
    parent_seq           INTEGER,
    line_id              INTEGER,
    catalog_item_id      TEXT,
    friendly_name        TEXT,
    quantity             INTEGER,
    currency_code        TEXT,
    billing_cycle        TEXT,
    term_duration        TEXT,
    order_group          TEXT,
    renews_to            TEXT,
    attestation_accepted INTEGER,
    promotion_id         TEXT,
    custom_term_end_us   INTEGER,
    error_code           INTEGER,
    available_quantity   INTEGER,
    purchased_quantity   INTEGER,
    list_price           TEXT,
    discounted_price     TEXT,
    prorated_price       TEXT,
    price                TEXT,
    extended_price       TEXT,
    has_participants     INTEGER NOT NULL DEFAULT 0,
    has_context          INTEGER NOT NULL DEFAULT 0,
    has_addons           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cart_id, seq)
) STRICT;
CREATE INDEX cart_lines_by_item ON cart_lines (catalog_item_id);

-- Participants (kind 'p') and provisioning context entries (kind 'c') of a cart line.
CREATE TABLE cart_line_pairs (
    cart_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('p', 'c')),
    position INTEGER NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (cart_id, seq, kind, position),
    FOREIGN KEY (cart_id, seq) REFERENCES cart_lines (cart_id, seq) ON DELETE CASCADE
) STRICT;

-- The stored result of a cart's checkout: the response, byte for byte, for idempotent retries.
CREATE TABLE checkouts (
    cart_id     TEXT PRIMARY KEY REFERENCES carts (cart_id),
    customer_id TEXT NOT NULL,
    request_id  TEXT,
    created_us  INTEGER NOT NULL,
    result_json TEXT NOT NULL
) STRICT;
CREATE INDEX checkouts_by_customer ON checkouts (customer_id);

CREATE TABLE checkout_order_errors (
    cart_id        TEXT NOT NULL REFERENCES checkouts (cart_id),
    order_group_id TEXT NOT NULL,
    code           INTEGER NOT NULL,
    PRIMARY KEY (cart_id, order_group_id)
) STRICT;

-- seq orders orders for paging (newest first = highest seq first).
CREATE TABLE orders (
    seq             INTEGER PRIMARY KEY,
    order_id        TEXT NOT NULL UNIQUE,
    customer_id     TEXT NOT NULL,
    cart_id         TEXT NOT NULL REFERENCES carts (cart_id),
    order_group     TEXT NOT NULL,
    alternate_id    TEXT NOT NULL,
    billing_cycle   TEXT NOT NULL,
    currency_code   TEXT NOT NULL,
    currency_symbol TEXT NOT NULL,
    creation_us     INTEGER NOT NULL,
    status          TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_customer ON orders (customer_id, seq);
CREATE INDEX orders_by_customer_cycle ON orders (customer_id, billing_cycle, seq);
CREATE INDEX orders_by_cart ON orders (cart_id);

CREATE TABLE order_lines (
    order_id               TEXT NOT NULL REFERENCES orders (order_id),
    line_number            INTEGER NOT NULL,
    customer_id            TEXT NOT NULL,
    offer_id               TEXT NOT NULL,
    subscription_id        TEXT NOT NULL,
    parent_subscription_id TEXT,
    friendly_name          TEXT,
    quantity               INTEGER NOT NULL,
    term_duration          TEXT,
    partner_id_on_record   TEXT,
    renews_to              TEXT,
    list_price             TEXT,
    discounted_price       TEXT,
    prorated_price         TEXT,
    price                  TEXT,
    extended_price         TEXT,
    provisioning_status    TEXT NOT NULL,
    has_context            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, line_number)
) STRICT;

CREATE TABLE order_line_context (
    order_id    TEXT NOT NULL,
    line_number INTEGER NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (order_id, line_number, key),
    FOREIGN KEY (order_id, line_number) REFERENCES order_lines (order_id, line_number)
) STRICT;

-- How many orders each customer has per billing cycle: totalCount without a scan.
CREATE TABLE order_counts (
    customer_id   TEXT NOT NULL,
    billing_cycle TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (customer_id, billing_cycle)
) STRICT, WITHOUT ROWID;
