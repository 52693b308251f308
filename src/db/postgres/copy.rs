//! `Store::copy_into` on PostgreSQL: whole tables read and written as they are (a flag, a
//! `boolean` here, travels as the integer 0 or 1 SQLite keeps; an amount, `numeric` here, as
//! the decimal text SQLite keeps, its scale kept; an instant, `timestamptz` here, as SQLite's
//! integer microseconds, through `cartstore_us` and `cartstore_at` of migration 0007).

use std::collections::HashMap;

use postgres::types::{ToSql, Type};
use rust_decimal::Decimal;

use super::{PgResult, Tx, get};
use crate::db::{Cell, TABLES, Table};
use crate::error::{Error, Result, StorageKind};

/// Every row of table `name`'s `columns`.
pub(crate) fn table(tx: &mut Tx<'_>, name: &'static str, columns: &'static [&'static str]) -> Result<Table> {
    let types = column_types(tx, name)?;
    let selected: Vec<String> = columns
        .iter()
        .map(|c| match types.get(*c).map(String::as_str) {
            Some(INSTANT) => format!("cartstore_us({c})"),
            _ => (*c).to_owned(),
        })
        .collect();
    let rows = tx.query(&format!("SELECT {} FROM {name}", selected.join(", ")), &[]).db()?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut cells = Vec::with_capacity(columns.len());
        for (index, column) in row.columns().iter().enumerate() {
            let ty = column.type_();
            cells.push(if *ty == Type::INT8 {
                get::<Option<i64>>(row, index)?.map_or(Cell::Null, Cell::Int)
            } else if *ty == Type::BOOL {
                get::<Option<bool>>(row, index)?.map_or(Cell::Null, |b| Cell::Int(i64::from(b)))
            } else if *ty == Type::TEXT {
                get::<Option<String>>(row, index)?.map_or(Cell::Null, Cell::Text)
            } else if *ty == Type::NUMERIC {
                get::<Option<Decimal>>(row, index)?.map_or(Cell::Null, |d| Cell::Text(d.to_string()))
            } else {
                return Err(unexpected(name, column.name(), ty));
            });
        }
        out.push(cells);
    }
    Ok(Table { name, columns, rows: out })
}

fn unexpected(table: &str, column: &str, ty: &Type) -> Error {
    Error::storage(StorageKind::Corrupt, format!("{table}.{column}: unexpected type {ty}"))
}

/// Whether no table but `meta` has a row.
pub(crate) fn is_empty(tx: &mut Tx<'_>) -> Result<bool> {
    for (name, _) in TABLES.iter().filter(|(name, _)| *name != "meta") {
        let row = tx.query_one(&format!("SELECT EXISTS (SELECT 1 FROM {name})"), &[]).db()?;
        if get::<bool>(&row, 0)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The SQL type of an instant (`information_schema`'s name of it).
const INSTANT: &str = "timestamp with time zone";

/// The type of each column of table `name` in this database.
fn column_types(tx: &mut Tx<'_>, name: &str) -> Result<HashMap<String, String>> {
    let rows = tx
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1",
            &[&name],
        )
        .db()?;
    rows.iter().map(|row| Ok((get::<String>(row, 0)?, get::<String>(row, 1)?))).collect()
}

/// One value for a column of SQL type `ty` (`bigint`, `boolean`, `numeric` or `text`; an
/// instant's microseconds, which the statement turns into its `timestamptz`).
fn param(table: &str, column: &str, ty: &str, cell: &Cell) -> Result<Box<dyn ToSql + Sync>> {
    Ok(match (ty, cell) {
        ("bigint" | INSTANT, Cell::Int(n)) => Box::new(*n),
        ("bigint" | INSTANT, Cell::Null) => Box::new(None::<i64>),
        ("boolean", Cell::Int(n)) => Box::new(*n != 0),
        ("boolean", Cell::Null) => Box::new(None::<bool>),
        ("text", Cell::Text(text)) => Box::new(text.clone()),
        ("text", Cell::Null) => Box::new(None::<String>),
        ("numeric", Cell::Text(text)) => match text.parse::<Decimal>() {
            Ok(amount) => Box::new(amount),
            Err(_) => {
                return Err(Error::storage(
                    StorageKind::Corrupt,
                    format!("{table}.{column}: {text:?} is not an amount"),
                ));
            }
        },
        ("numeric", Cell::Null) => Box::new(None::<Decimal>),
        _ => {
            return Err(Error::storage(
                StorageKind::Corrupt,
                format!("{table}.{column}: {cell:?} does not fit a {ty} column"),
            ));
        }
    })
}

/// Writes `table`'s rows (an order keeps its sequence number); `meta` values replace the keys
/// this database has (the catalog version never moves back).
pub(crate) fn restore(tx: &mut Tx<'_>, table: &Table) -> Result<()> {
    let types = column_types(tx, table.name)?;
    let types: Vec<&str> = table
        .columns
        .iter()
        .map(|c| types.get(*c).map(String::as_str).ok_or_else(|| unexpected(table.name, c, &Type::UNKNOWN)))
        .collect::<Result<_>>()?;
    let sql = if table.name == "meta" {
        "UPDATE meta SET value = CASE WHEN key = 'catalog_version' THEN GREATEST(value, $2) ELSE $2 END
         WHERE key = $1"
            .to_owned()
    } else {
        let marks: Vec<String> = types
            .iter()
            .enumerate()
            .map(|(i, ty)| if *ty == INSTANT { format!("cartstore_at(${})", i + 1) } else { format!("${}", i + 1) })
            .collect();
        let overriding = if table.name == "orders" { " OVERRIDING SYSTEM VALUE" } else { "" };
        format!("INSERT INTO {} ({}){overriding} VALUES ({})", table.name, table.columns.join(", "), marks.join(", "))
    };
    let stmt = tx.prepare(&sql).db()?;
    for row in &table.rows {
        let params: Vec<Box<dyn ToSql + Sync>> = table
            .columns
            .iter()
            .zip(&types)
            .zip(row)
            .map(|((column, ty), cell)| param(table.name, column, ty, cell))
            .collect::<Result<_>>()?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(AsRef::as_ref).collect();
        tx.execute(&stmt, &refs).db()?;
    }
    Ok(())
}

/// The search vectors written again for every item, the order sequence moved past the orders
/// written, and the catalog version moved on.
pub(crate) fn restored(tx: &mut Tx<'_>) -> Result<()> {
    super::search::index_all(tx)?;
    tx.batch_execute(
        "SELECT setval(pg_get_serial_sequence('orders', 'seq'), COALESCE(MAX(seq), 1), MAX(seq) IS NOT NULL)
             FROM orders;
         UPDATE meta SET value = value + 1 WHERE key = 'catalog_version';",
    )
    .db()
}
