//! The outbox of submissions to Partner Center: a row per submission (its record as JSON) and a
//! row per request (its intent, then its answer).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{SqlResult, Transaction};
use crate::db::{RequestEnd, RequestRow, SubmissionRow};
use crate::error::Result;

const COLUMNS: &str = "submission_id, customer_id, cart_id, state, created_us, updated_us, version, record_json";

fn submission_row(row: &Row<'_>) -> rusqlite::Result<SubmissionRow> {
    Ok(SubmissionRow {
        submission_id: row.get(0)?,
        customer_id: row.get(1)?,
        cart_id: row.get(2)?,
        state: row.get(3)?,
        created_us: row.get(4)?,
        updated_us: row.get(5)?,
        version: row.get(6)?,
        record_json: row.get(7)?,
    })
}

/// `customer`'s submission `submission_id`.
pub(crate) fn get(conn: &Connection, customer: &str, submission_id: &str) -> Result<Option<SubmissionRow>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM pc_submissions WHERE submission_id = ?1 AND customer_id = ?2"))
        .db()?
        .query_row([submission_id, customer], submission_row)
        .optional()
        .db()
}

/// The submissions of `customer` (all when `None`), of `cart_id` when given, oldest first.
pub(crate) fn list(conn: &Connection, customer: Option<&str>, cart_id: Option<&str>) -> Result<Vec<SubmissionRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM pc_submissions
         WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR cart_id = ?2)
         ORDER BY created_us, submission_id"
    ))
    .db()?
    .query_map(params![customer, cart_id], submission_row)
    .db()?
    .collect::<rusqlite::Result<Vec<_>>>()
    .db()
}

/// Inserts a submission's row (version 1) or replaces it when the stored version is the one
/// before `row.version`; `false` when another write came first.
pub(crate) fn put(tx: &Transaction<'_>, row: &SubmissionRow) -> Result<bool> {
    let changed = tx
        .prepare_cached(&format!(
            "INSERT INTO pc_submissions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (submission_id) DO UPDATE SET state = excluded.state, updated_us = excluded.updated_us,
             version = excluded.version, record_json = excluded.record_json
         WHERE pc_submissions.version = excluded.version - 1"
        ))
        .db()?
        .execute(params![
            row.submission_id,
            row.customer_id,
            row.cart_id,
            row.state,
            row.created_us,
            row.updated_us,
            row.version,
            row.record_json
        ])
        .db()?;
    Ok(changed == 1)
}

/// Stores a request's intent.
pub(crate) fn begin_request(tx: &Transaction<'_>, row: &RequestRow<'_>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO pc_requests (submission_id, seq, operation, ms_request_id, ms_correlation_id, started_us)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .db()?
    .execute(params![
        row.submission_id,
        row.seq,
        row.operation,
        row.ms_request_id,
        row.ms_correlation_id,
        row.started_us
    ])
    .db()?;
    Ok(())
}

/// Stores what became of a request.
pub(crate) fn end_request(tx: &Transaction<'_>, submission_id: &str, seq: i64, end: &RequestEnd<'_>) -> Result<()> {
    tx.prepare_cached(
        "UPDATE pc_requests SET finished_us = ?3, http_status = ?4, outcome = ?5
         WHERE submission_id = ?1 AND seq = ?2",
    )
    .db()?
    .execute(params![submission_id, seq, end.finished_us, end.http_status, end.outcome])
    .db()?;
    Ok(())
}
