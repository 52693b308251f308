//! The connection's statement cache: the hot paths' statements are parsed once per connection
//! (a named statement, [`Tx::prepared`]) and then only bound and executed, one round trip
//! instead of two (the `postgres` crate's `execute(&str, …)` parses anew on every call).
//!
//! The cache belongs to [`super::PgStorage`], beside its client: it is emptied whenever the
//! connection is opened again (a [`Statement`] never outlives its connection) and after a
//! transaction that failed, and it is first filled after the schema's migration at open. A
//! server-side prepared statement is not transactional (a rollback keeps it), and PostgreSQL
//! re-plans one whose tables changed, so caching changes no transaction's semantics. Only
//! statements whose text is fixed go through it (not the import's, over temporary tables).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use postgres::types::ToSql;
use postgres::{Client, Row, Statement};

/// At most this many statements are kept; past it the cache starts again (a bound, in case a
/// caller ever prepares text built from its input).
const CAPACITY: usize = 256;

/// The statements prepared on one connection, by their text.
#[derive(Default)]
pub(crate) struct Statements(HashMap<String, Statement>);

impl Statements {
    /// Forgets every statement (the server's are closed when the connection is alive).
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

impl std::fmt::Debug for Statements {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} statements", self.0.len())
    }
}

/// One transaction and its connection's statement cache. It dereferences to the connection's
/// `postgres::Client`, whose methods run statements uncached, inside this transaction.
///
/// The transaction is begun, committed and rolled back here, by simple queries, rather than with
/// `postgres::Transaction`: the `BEGIN` then travels with the statements that must follow it
/// (the write lock) in one round trip. Dropped without [`Tx::commit`] or [`Tx::rollback`] (an
/// error returned early), it is rolled back, as a `postgres::Transaction` would be.
pub(crate) struct Tx<'c> {
    client: &'c mut Client,
    statements: &'c mut Statements,
    /// Begun and not yet committed nor rolled back.
    open: bool,
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open && !self.client.is_closed() {
            // A connection that fails here is gone, and its transaction with it.
            drop(self.client.batch_execute("ROLLBACK"));
        }
    }
}

impl<'c> Tx<'c> {
    /// Begins a transaction on `client` with `begin`: a simple query whose first statement is
    /// `BEGIN` (or `START TRANSACTION`), and whose others run inside it in the same round trip.
    /// On an error the transaction is rolled back before it is returned.
    pub(crate) fn begin(
        client: &'c mut Client,
        statements: &'c mut Statements,
        begin: &str,
    ) -> Result<Tx<'c>, postgres::Error> {
        let tx = Tx { client, statements, open: true };
        tx.client.batch_execute(begin)?;
        Ok(tx)
    }

    /// The statement of `sql`, prepared on this connection the first time it is asked for.
    pub(crate) fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        if self.statements.0.len() >= CAPACITY {
            self.statements.0.clear();
        }
        self.statements.0.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// `execute` of the cached statement of `sql`.
    pub(crate) fn execute_cached(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.execute(&statement, params)
    }

    /// `query` of the cached statement of `sql`.
    pub(crate) fn query_cached(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.query(&statement, params)
    }

    /// `query_opt` of the cached statement of `sql`.
    pub(crate) fn query_opt_cached(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.query_opt(&statement, params)
    }

    /// `query_one` of the cached statement of `sql`.
    pub(crate) fn query_one_cached(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.query_one(&statement, params)
    }

    /// Commits the transaction.
    pub(crate) fn commit(mut self) -> Result<(), postgres::Error> {
        self.open = false;
        self.client.batch_execute("COMMIT")
    }

    /// Rolls the transaction back.
    pub(crate) fn rollback(mut self) -> Result<(), postgres::Error> {
        self.open = false;
        self.client.batch_execute("ROLLBACK")
    }
}

impl Deref for Tx<'_> {
    type Target = Client;
    fn deref(&self) -> &Self::Target {
        self.client
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.client
    }
}
