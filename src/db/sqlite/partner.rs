//! The partner profile: one row at most, the profile kept as its JSON (data access deals in
//! that text; the store turns it into a `PartnerProfile`).

use rusqlite::{Connection, OptionalExtension, params};

use super::{SqlResult, Transaction};
use crate::error::Result;

/// The stored profile's JSON, if one was set.
pub(crate) fn get(conn: &Connection) -> Result<Option<String>> {
    conn.prepare_cached("SELECT profile_json FROM partner_profile WHERE id = 1")
        .db()?
        .query_row([], |row| row.get(0))
        .optional()
        .db()
}

/// Sets (replaces) the profile, as its JSON, at `updated_us`.
pub(crate) fn put(tx: &Transaction<'_>, profile_json: &str, updated_us: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO partner_profile (id, profile_json, updated_us) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET profile_json = excluded.profile_json, updated_us = excluded.updated_us",
    )
    .db()?
    .execute(params![profile_json, updated_us])
    .db()?;
    Ok(())
}
