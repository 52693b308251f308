-- Wave 3 (submission to Partner Center): the outbox. A submission is a persisted state machine
-- (src/pc/): its row holds the state, the record of everything it did and was answered as JSON
-- (`record_json`, Partner Center's bodies verbatim inside), and `pc_requests` holds one row per
-- request, its intent (operation, MS-RequestId, MS-CorrelationId) committed before the request
-- goes out and its answer (status, outcome) after. A cart being submitted is frozen: its
-- `submitting` flag (its status reads `Submitting`); the customer's Partner Center tenant id is
-- in its profile.
ALTER TABLE carts ADD COLUMN submitting INTEGER NOT NULL DEFAULT 0 CHECK (submitting IN (0, 1));
ALTER TABLE customers ADD COLUMN tenant_id TEXT;

CREATE TABLE pc_submissions (
    submission_id TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL,
    cart_id       TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_us    INTEGER NOT NULL,
    updated_us    INTEGER NOT NULL,
    -- Moved on by every write: a write names the version it read (compare-and-set).
    version       INTEGER NOT NULL,
    record_json   TEXT NOT NULL
) STRICT;
CREATE INDEX pc_submissions_by_cart ON pc_submissions (customer_id, cart_id, created_us);
CREATE INDEX pc_submissions_by_state ON pc_submissions (state);

CREATE TABLE pc_requests (
    submission_id     TEXT NOT NULL REFERENCES pc_submissions (submission_id),
    seq               INTEGER NOT NULL,
    operation         TEXT NOT NULL,
    ms_request_id     TEXT NOT NULL,
    ms_correlation_id TEXT NOT NULL,
    started_us        INTEGER NOT NULL,
    finished_us       INTEGER,
    http_status       INTEGER,
    outcome           TEXT,
    PRIMARY KEY (submission_id, seq)
) STRICT;
