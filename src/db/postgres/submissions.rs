//! The outbox of submissions to Partner Center (as the SQLite backend keeps it): a row per
//! submission (its record as JSON) and a row per request (its intent, then its answer).

use postgres::Row;

use super::{PgResult, Tx, get};
use crate::db::{RequestEnd, RequestRow, SubmissionRow};
use crate::error::Result;

/// The columns of `pc_submissions`, as written.
const COLUMNS: &str = "submission_id, customer_id, cart_id, state, created_us, updated_us, version, record_json";

/// [`COLUMNS`] as [`submission_row`] reads them (instants as microseconds).
const READ_COLUMNS: &str =
    "submission_id, customer_id, cart_id, state, cartstore_us(created_us), cartstore_us(updated_us),
    version, record_json";

fn submission_row(row: &Row) -> Result<SubmissionRow> {
    Ok(SubmissionRow {
        submission_id: get(row, 0)?,
        customer_id: get(row, 1)?,
        cart_id: get(row, 2)?,
        state: get(row, 3)?,
        created_us: get(row, 4)?,
        updated_us: get(row, 5)?,
        version: get(row, 6)?,
        record_json: get(row, 7)?,
    })
}

/// `customer`'s submission `submission_id`.
pub(crate) fn get_one(tx: &mut Tx<'_>, customer: &str, submission_id: &str) -> Result<Option<SubmissionRow>> {
    let sql = format!("SELECT {READ_COLUMNS} FROM pc_submissions WHERE submission_id = $1 AND customer_id = $2");
    tx.query_opt_cached(&sql, &[&submission_id, &customer]).db()?.as_ref().map(submission_row).transpose()
}

/// The submissions of `customer` (all when `None`), of `cart_id` when given, oldest first.
pub(crate) fn list(tx: &mut Tx<'_>, customer: Option<&str>, cart_id: Option<&str>) -> Result<Vec<SubmissionRow>> {
    let sql = format!(
        "SELECT {READ_COLUMNS} FROM pc_submissions
         WHERE ($1::text IS NULL OR customer_id = $1) AND ($2::text IS NULL OR cart_id = $2)
         ORDER BY created_us, submission_id"
    );
    tx.query_cached(&sql, &[&customer, &cart_id]).db()?.iter().map(submission_row).collect()
}

/// Inserts a submission's row (version 1) or replaces it when the stored version is the one
/// before `row.version`; `false` when another write came first.
pub(crate) fn put(tx: &mut Tx<'_>, row: &SubmissionRow) -> Result<bool> {
    let sql = format!(
        "INSERT INTO pc_submissions ({COLUMNS}) VALUES ($1, $2, $3, $4, cartstore_at($5), cartstore_at($6), $7, $8)
         ON CONFLICT (submission_id) DO UPDATE SET state = excluded.state, updated_us = excluded.updated_us,
             version = excluded.version, record_json = excluded.record_json
         WHERE pc_submissions.version = excluded.version - 1"
    );
    let changed = tx
        .execute_cached(
            &sql,
            &[
                &row.submission_id,
                &row.customer_id,
                &row.cart_id,
                &row.state,
                &row.created_us,
                &row.updated_us,
                &row.version,
                &row.record_json,
            ],
        )
        .db()?;
    Ok(changed == 1)
}

/// Stores a request's intent.
pub(crate) fn begin_request(tx: &mut Tx<'_>, row: &RequestRow<'_>) -> Result<()> {
    tx.execute_cached(
        "INSERT INTO pc_requests (submission_id, seq, operation, ms_request_id, ms_correlation_id, started_us)
         VALUES ($1, $2, $3, $4, $5, cartstore_at($6))",
        &[&row.submission_id, &row.seq, &row.operation, &row.ms_request_id, &row.ms_correlation_id, &row.started_us],
    )
    .db()?;
    Ok(())
}

/// Stores what became of a request.
pub(crate) fn end_request(tx: &mut Tx<'_>, submission_id: &str, seq: i64, end: &RequestEnd<'_>) -> Result<()> {
    tx.execute_cached(
        "UPDATE pc_requests SET finished_us = cartstore_at($3), http_status = $4, outcome = $5
         WHERE submission_id = $1 AND seq = $2",
        &[&submission_id, &seq, &end.finished_us, &end.http_status, &end.outcome],
    )
    .db()?;
    Ok(())
}
