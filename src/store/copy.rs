//! `Store::copy_into`: everything one store holds, into another, empty one, of either kind.

use super::Store;
use crate::db::{TABLES, Table};
use crate::error::{Error, InputProblem, Result};

impl Store {
    /// Copies everything this store holds into `other`, which must be empty: the catalog
    /// (JSON catalogs' items and price lists' prices, with their history), customer profiles,
    /// the partner profile, carts, orders, stored checkout results (a retry with the same
    /// request id replays them), and quotes with their numbering (the next quote continues it).
    /// Either store may be SQLite or PostgreSQL: the rows are read in one read transaction
    /// here and written in one write transaction there, so `other` gets all of it or nothing.
    ///
    /// Ids, instants, money and stored JSON are copied as they are, so every read of `other`
    /// returns what the same read of this store returns.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] on field `destination` ([`InputProblem::NotAllowed`]) when
    /// `other` holds anything already (a cart, an order, a catalog item, a profile, a quote):
    /// nothing is written. [`Error::Storage`] when either database fails; `Busy` when `other`'s
    /// write lock is not had within its busy timeout.
    pub fn copy_into(&self, other: &Store) -> Result<()> {
        let tables = self
            .read(|tx| TABLES.iter().map(|(name, columns)| tx.table(name, columns)).collect::<Result<Vec<Table>>>())?;
        other.write(Store::storage_busy, |tx| {
            if !tx.is_empty()? {
                return Err(Error::InvalidInput { field: "destination".to_owned(), problem: InputProblem::NotAllowed });
            }
            for table in &tables {
                tx.restore(table)?;
            }
            tx.restored()
        })
    }
}
