-- PostgreSQL dialect of migrations/V8__submissions.sql (the same tables and columns).
-- Wave 3 (submission to Partner Center): the outbox. A submission is a persisted state machine
-- (src/pc/): its row holds the state, the record of everything it did and was answered as JSON
-- (`record_json`, Partner Center's bodies verbatim inside), and `pc_requests` holds one row per
-- request, its intent (operation, MS-RequestId, MS-CorrelationId) committed before the request
-- goes out and its answer (status, outcome) after. A cart being submitted is frozen: its
-- `submitting` flag (its status reads `Submitting`); the customer's Partner Center tenant id is
-- in its profile.
ALTER TABLE carts ADD COLUMN submitting BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE customers ADD COLUMN tenant_id TEXT;

CREATE TABLE pc_submissions (
    submission_id TEXT COLLATE "C" PRIMARY KEY,
    customer_id   TEXT COLLATE "C" NOT NULL,
    cart_id       TEXT COLLATE "C" NOT NULL,
    state         TEXT NOT NULL,
    created_us    BIGINT NOT NULL,
    updated_us    BIGINT NOT NULL,
    -- Moved on by every write: a write names the version it read (compare-and-set).
    version       BIGINT NOT NULL,
    record_json   TEXT NOT NULL
);
CREATE INDEX pc_submissions_by_cart ON pc_submissions (customer_id, cart_id, created_us);
CREATE INDEX pc_submissions_by_state ON pc_submissions (state);

CREATE TABLE pc_requests (
    submission_id     TEXT COLLATE "C" NOT NULL REFERENCES pc_submissions (submission_id),
    seq               BIGINT NOT NULL,
    operation         TEXT NOT NULL,
    ms_request_id     TEXT NOT NULL,
    ms_correlation_id TEXT NOT NULL,
    started_us        BIGINT NOT NULL,
    finished_us       BIGINT,
    http_status       BIGINT,
    outcome           TEXT,
    PRIMARY KEY (submission_id, seq)
);
