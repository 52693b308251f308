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
use postgres::{Row, Statement};

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

/// One transaction and its connection's statement cache. It dereferences to the
/// `postgres::Transaction`, whose methods run statements uncached.
pub(crate) struct Tx<'c> {
    inner: postgres::Transaction<'c>,
    statements: &'c mut Statements,
}

impl<'c> Tx<'c> {
    /// The transaction `inner`, with the cache of its connection.
    pub(crate) fn new(inner: postgres::Transaction<'c>, statements: &'c mut Statements) -> Tx<'c> {
        Tx { inner, statements }
    }

    /// The statement of `sql`, prepared on this connection the first time it is asked for.
    pub(crate) fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.inner.prepare(sql)?;
        if self.statements.0.len() >= CAPACITY {
            self.statements.0.clear();
        }
        self.statements.0.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// `execute` of the cached statement of `sql`.
    pub(crate) fn execute_cached(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.inner.execute(&statement, params)
    }

    /// `query` of the cached statement of `sql`.
    pub(crate) fn query_cached(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.inner.query(&statement, params)
    }

    /// `query_opt` of the cached statement of `sql`.
    pub(crate) fn query_opt_cached(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.inner.query_opt(&statement, params)
    }

    /// `query_one` of the cached statement of `sql`.
    pub(crate) fn query_one_cached(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.inner.query_one(&statement, params)
    }

    /// Commits the transaction.
    pub(crate) fn commit(self) -> Result<(), postgres::Error> {
        self.inner.commit()
    }

    /// Rolls the transaction back.
    pub(crate) fn rollback(self) -> Result<(), postgres::Error> {
        self.inner.rollback()
    }
}

impl<'c> Deref for Tx<'c> {
    type Target = postgres::Transaction<'c>;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}
