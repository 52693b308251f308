//! `Store::copy_into` on SQLite: whole tables read and written as they are.

use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};

use super::SqlResult;
use crate::db::{Cell, TABLES, Table};
use crate::error::{Error, Result, StorageKind};

/// Every row of table `name`'s `columns`.
pub(crate) fn table(conn: &Connection, name: &'static str, columns: &'static [&'static str]) -> Result<Table> {
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {name}", columns.join(", "))).db()?;
    let mut rows = stmt.query([]).db()?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().db()? {
        let mut cells = Vec::with_capacity(columns.len());
        for (index, column) in columns.iter().enumerate() {
            cells.push(match row.get_ref(index).db()? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(n) => Cell::Int(n),
                ValueRef::Text(bytes) => Cell::Text(
                    String::from_utf8(bytes.to_vec())
                        .map_err(|_| Error::storage(StorageKind::Corrupt, format!("{name}.{column}: not UTF-8")))?,
                ),
                ValueRef::Real(_) | ValueRef::Blob(_) => {
                    return Err(Error::storage(
                        StorageKind::Corrupt,
                        format!("{name}.{column}: not an integer or text"),
                    ));
                }
            });
        }
        out.push(cells);
    }
    Ok(Table { name, columns, rows: out })
}

/// Whether no table but `meta` has a row.
pub(crate) fn is_empty(conn: &Connection) -> Result<bool> {
    for (name, _) in TABLES.iter().filter(|(name, _)| *name != "meta") {
        let any: bool = conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {name})"), [], |row| row.get(0)).db()?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Writes `table`'s rows; `meta` values replace the keys this database has (the catalog
/// version never moves back).
pub(crate) fn restore(conn: &Connection, table: &Table) -> Result<()> {
    let sql = if table.name == "meta" {
        "UPDATE meta SET value = CASE WHEN key = 'catalog_version' THEN max(value, ?2) ELSE ?2 END WHERE key = ?1"
            .to_owned()
    } else {
        let marks: Vec<String> = (1..=table.columns.len()).map(|i| format!("?{i}")).collect();
        format!("INSERT INTO {} ({}) VALUES ({})", table.name, table.columns.join(", "), marks.join(", "))
    };
    let mut stmt = conn.prepare(&sql).db()?;
    for row in &table.rows {
        let values = row.iter().map(|cell| match cell {
            Cell::Null => Value::Null,
            Cell::Int(n) => Value::Integer(*n),
            Cell::Text(text) => Value::Text(text.clone()),
        });
        stmt.execute(rusqlite::params_from_iter(values)).db()?;
    }
    Ok(())
}

/// The search index written again from every item, and the catalog version moved on.
pub(crate) fn restored(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO catalog_search (catalog_search) VALUES ('delete-all');
         INSERT INTO catalog_search (rowid, catalog_item_id, title, description)
             SELECT rowid, catalog_item_id, coalesce(title, ''), coalesce(description, '') FROM catalog_items;
         UPDATE meta SET value = value + 1 WHERE key = 'catalog_version';",
    )
    .db()
}
