-- The PostgreSQL schema of the team store (src/db/postgres/): the tables of the SQLite
-- migrations V1..V7 (migrations/*.sql) as they stand after V7, in PostgreSQL's types. Money is
-- text (the exact decimal text the SQLite store keeps, so the JSON is byte for byte the same),
-- instants are bigint microseconds since the epoch, flags are boolean. Ids compare and sort
-- byte-wise (COLLATE "C"), as SQLite's do; catalog ids also match ignoring ASCII case, as
-- SQLite's NOCASE does (lower() under the "C" collation folds ASCII only).
--
-- Files here are named NNNN__name.sql (no V prefix), so that refinery, which embeds the SQLite
-- migrations of the parent directory recursively, skips them.

CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('catalog_version', 0), ('quote_seq', 0);

CREATE TABLE catalog_items (
    catalog_item_id       TEXT COLLATE "C" PRIMARY KEY,
    title                 TEXT,
    currency_code         TEXT NOT NULL,
    market                TEXT,
    minimum_quantity      BIGINT,
    maximum_quantity      BIGINT,
    inventory             BIGINT,
    eligible_for_purchase BOOLEAN NOT NULL,
    requires_attestation  BOOLEAN NOT NULL,
    description           TEXT,
    segment               TEXT
);
CREATE INDEX catalog_items_by_id_nocase ON catalog_items (lower(catalog_item_id COLLATE "C"));

CREATE TABLE catalog_terms (
    catalog_item_id    TEXT COLLATE "C" NOT NULL REFERENCES catalog_items (catalog_item_id) ON DELETE CASCADE,
    position           BIGINT NOT NULL,
    term_duration      TEXT,
    billing_cycle      TEXT,
    list_price         TEXT NOT NULL,
    renews_to          TEXT NOT NULL,
    erp_price          TEXT,
    segment            TEXT,
    market             TEXT,
    currency_code      TEXT,
    effective_start_us BIGINT,
    effective_end_us   BIGINT,
    PRIMARY KEY (catalog_item_id, position)
);

CREATE TABLE catalog_promotions (
    catalog_item_id  TEXT COLLATE "C" NOT NULL REFERENCES catalog_items (catalog_item_id) ON DELETE CASCADE,
    position         BIGINT NOT NULL,
    promotion_id     TEXT NOT NULL,
    term_duration    TEXT,
    billing_cycle    TEXT,
    discount_percent TEXT NOT NULL,
    start_us         BIGINT,
    end_us           BIGINT,
    PRIMARY KEY (catalog_item_id, position)
);

CREATE TABLE catalog_item_names (
    catalog_item_id TEXT COLLATE "C" NOT NULL REFERENCES catalog_items (catalog_item_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('v', 'a')),
    position        BIGINT NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (catalog_item_id, kind, position)
);

CREATE TABLE catalog_prices (
    catalog_item_id    TEXT COLLATE "C" NOT NULL,
    segment            TEXT COLLATE "C" NOT NULL,
    market             TEXT COLLATE "C" NOT NULL,
    currency           TEXT COLLATE "C" NOT NULL,
    term_duration      TEXT COLLATE "C" NOT NULL,
    billing_cycle      TEXT COLLATE "C" NOT NULL,
    tier_min           BIGINT NOT NULL DEFAULT 0,
    tier_max           BIGINT,
    effective_start_us BIGINT NOT NULL,
    effective_end_us   BIGINT,
    in_effect_from_us  BIGINT,
    closed_by_list     BOOLEAN NOT NULL DEFAULT FALSE,
    list_price         TEXT NOT NULL,
    erp_price          TEXT,
    unit_price         TEXT NOT NULL,
    erp_unit_price     TEXT,
    tags               TEXT NOT NULL DEFAULT '',
    list_date_us       BIGINT NOT NULL DEFAULT 0,
    import_version     BIGINT NOT NULL,
    source_line        BIGINT NOT NULL,
    PRIMARY KEY (catalog_item_id, segment, market, currency, term_duration, billing_cycle, tier_min,
                 effective_start_us)
);

CREATE TABLE customers (
    customer_id   TEXT COLLATE "C" PRIMARY KEY,
    name          TEXT,
    segment       TEXT NOT NULL,
    market        TEXT,
    currency_code TEXT,
    locale        TEXT
);

CREATE TABLE carts (
    cart_id            TEXT COLLATE "C" PRIMARY KEY,
    customer_id        TEXT COLLATE "C" NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('Active', 'Ordered')),
    creation_us        BIGINT NOT NULL,
    last_modified_us   BIGINT NOT NULL,
    expiration_us      BIGINT NOT NULL,
    last_modified_user TEXT
);
CREATE INDEX carts_by_customer ON carts (customer_id, creation_us);

CREATE TABLE cart_lines (
    cart_id               TEXT COLLATE "C" NOT NULL REFERENCES carts (cart_id) ON DELETE CASCADE,
    seq                   BIGINT NOT NULL,
    customer_id           TEXT COLLATE "C" NOT NULL,
    parent_seq            BIGINT,
    line_id               BIGINT,
    catalog_item_id       TEXT,
    friendly_name         TEXT,
    quantity              BIGINT,
    currency_code         TEXT,
    billing_cycle         TEXT,
    term_duration         TEXT,
    order_group           TEXT,
    renews_to             TEXT,
    attestation_accepted  BOOLEAN,
    promotion_id          TEXT,
    custom_term_end_us    BIGINT,
    error_code            BIGINT,
    available_quantity    BIGINT,
    purchased_quantity    BIGINT,
    list_price            TEXT,
    discounted_price      TEXT,
    prorated_price        TEXT,
    price                 TEXT,
    extended_price        TEXT,
    has_participants      BOOLEAN NOT NULL DEFAULT FALSE,
    has_context           BOOLEAN NOT NULL DEFAULT FALSE,
    has_addons            BOOLEAN NOT NULL DEFAULT FALSE,
    minimum_quantity      BIGINT,
    eligible_for_purchase BOOLEAN,
    segment               TEXT,
    offered_terms         TEXT,
    offered_currencies    TEXT,
    PRIMARY KEY (cart_id, seq)
);
CREATE INDEX cart_lines_by_item ON cart_lines (catalog_item_id);
CREATE INDEX cart_lines_by_customer ON cart_lines (customer_id);

CREATE TABLE cart_line_pairs (
    cart_id  TEXT COLLATE "C" NOT NULL,
    seq      BIGINT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('p', 'c')),
    position BIGINT NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (cart_id, seq, kind, position),
    FOREIGN KEY (cart_id, seq) REFERENCES cart_lines (cart_id, seq) ON DELETE CASCADE
);

CREATE TABLE checkouts (
    cart_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES carts (cart_id),
    customer_id TEXT COLLATE "C" NOT NULL,
    request_id  TEXT,
    created_us  BIGINT NOT NULL,
    result_json TEXT NOT NULL
);
CREATE INDEX checkouts_by_customer ON checkouts (customer_id, request_id);

CREATE TABLE checkout_order_errors (
    cart_id        TEXT COLLATE "C" NOT NULL REFERENCES checkouts (cart_id),
    order_group_id TEXT NOT NULL,
    code           BIGINT NOT NULL,
    PRIMARY KEY (cart_id, order_group_id)
);

CREATE TABLE orders (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id        TEXT COLLATE "C" NOT NULL UNIQUE,
    customer_id     TEXT COLLATE "C" NOT NULL,
    cart_id         TEXT COLLATE "C" NOT NULL REFERENCES carts (cart_id),
    order_group     TEXT NOT NULL,
    alternate_id    TEXT NOT NULL,
    billing_cycle   TEXT NOT NULL,
    currency_code   TEXT NOT NULL,
    currency_symbol TEXT NOT NULL,
    creation_us     BIGINT NOT NULL,
    status          TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, seq);
CREATE INDEX orders_by_customer_cycle ON orders (customer_id, billing_cycle, seq);
CREATE INDEX orders_by_cart ON orders (cart_id);

CREATE TABLE order_lines (
    order_id               TEXT COLLATE "C" NOT NULL REFERENCES orders (order_id),
    line_number            BIGINT NOT NULL,
    customer_id            TEXT COLLATE "C" NOT NULL,
    offer_id               TEXT NOT NULL,
    subscription_id        TEXT NOT NULL,
    parent_subscription_id TEXT,
    friendly_name          TEXT,
    quantity               BIGINT NOT NULL,
    term_duration          TEXT,
    partner_id_on_record   TEXT,
    renews_to              TEXT,
    list_price             TEXT,
    discounted_price       TEXT,
    prorated_price         TEXT,
    price                  TEXT,
    extended_price         TEXT,
    provisioning_status    TEXT NOT NULL,
    has_context            BOOLEAN NOT NULL DEFAULT FALSE,
    inventory_taken        BIGINT,
    PRIMARY KEY (order_id, line_number)
);

CREATE TABLE order_line_context (
    order_id    TEXT COLLATE "C" NOT NULL,
    line_number BIGINT NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (order_id, line_number, key),
    FOREIGN KEY (order_id, line_number) REFERENCES order_lines (order_id, line_number)
);

CREATE TABLE order_counts (
    customer_id   TEXT COLLATE "C" NOT NULL,
    billing_cycle TEXT NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (customer_id, billing_cycle)
);

CREATE TABLE quotes (
    quote_number     TEXT COLLATE "C" PRIMARY KEY,
    seq              BIGINT NOT NULL UNIQUE,
    customer_id      TEXT COLLATE "C" NOT NULL,
    cart_id          TEXT COLLATE "C" NOT NULL,
    cart_modified_us BIGINT NOT NULL,
    options_json     TEXT NOT NULL,
    issued_us        BIGINT NOT NULL,
    quote_json       TEXT NOT NULL
);
CREATE INDEX quotes_by_customer ON quotes (customer_id, seq);
CREATE INDEX quotes_by_cart_version ON quotes (cart_id, cart_modified_us, options_json, seq);

CREATE TABLE partner_profile (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    profile_json TEXT NOT NULL,
    updated_us   BIGINT NOT NULL
);
