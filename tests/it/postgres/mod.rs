//! The PostgreSQL backend (issue 26), tested against a live server when
//! `CARTSTORE_TEST_POSTGRES` names one (`.ci/postgres.sh start` starts a throwaway one and
//! prints its URL): each test gets a fresh empty database on it. Without the variable each
//! test says so and passes, unless `CARTSTORE_REQUIRE_POSTGRES=1` (CI), which makes that a
//! failure. Built only with the `postgres` feature.

mod conformance;
mod locks;
mod server;

use postgres::{Client, NoTls};

/// The server's URL, or `None` after printing why the test is skipped; panics when
/// `CARTSTORE_REQUIRE_POSTGRES=1` and there is none.
pub fn server_url(test: &str) -> Option<String> {
    match std::env::var("CARTSTORE_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CARTSTORE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "{test}: CARTSTORE_REQUIRE_POSTGRES=1 but CARTSTORE_TEST_POSTGRES is not set"
            );
            eprintln!(
                "{test}: skipped, CARTSTORE_TEST_POSTGRES is not set (start a server with .ci/postgres.sh start)"
            );
            None
        }
    }
}

/// `url` with its database name replaced by `dbname`.
pub fn with_dbname(url: &str, dbname: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{dbname}?{query}"),
        None => format!("{base}/{dbname}"),
    }
}

/// A new empty database on the server (`t_<random>`): its URL, or `None` when skipped.
pub fn fresh_database(test: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let Some(url) = server_url(test) else { return Ok(None) };
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut client = Client::connect(&url, NoTls)?;
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    Ok(Some(with_dbname(&url, &name)))
}

#[test]
fn with_dbname_replaces_only_the_database() {
    assert_eq!(
        with_dbname("postgres://u@127.0.0.1:5432/postgres?sslmode=disable", "t_1"),
        "postgres://u@127.0.0.1:5432/t_1?sslmode=disable"
    );
    assert_eq!(with_dbname("postgresql://h:1", "t_2"), "postgresql://h:1/t_2");
}
