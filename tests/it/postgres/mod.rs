//! The PostgreSQL backend (issue 26), tested against a live server when
//! `CARTSTORE_TEST_POSTGRES` names one (`.ci/postgres.sh start` starts a throwaway one and
//! prints its URL): each test gets a fresh empty database on it. Without the variable each
//! test says so and passes, unless `CARTSTORE_REQUIRE_POSTGRES=1` (CI), which makes that a
//! failure. Built only with the `postgres` feature.

mod conformance;
mod faults;
mod locks;
mod server;
mod statements;
mod tls;
mod types;

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

/// A PostgreSQL cluster of a test's own (`.ci/postgres.sh start`), stopped and removed when
/// dropped: for the tests that change the server itself (TLS, a crash and a restart).
pub struct Cluster {
    pub dir: tempfile::TempDir,
    /// Its URL, as the script prints it (`…?sslmode=disable`).
    pub url: String,
}

impl Cluster {
    /// Starts one (with `extra` arguments after the directory, e.g. `--ssl CERT KEY`), or
    /// `None` after printing why the test is skipped: no server binaries here. Fails instead
    /// when `CARTSTORE_REQUIRE_POSTGRES=1`.
    pub fn start(test: &str, extra: &[&std::ffi::OsStr]) -> Result<Option<Cluster>, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        // The server may run as another user (`postgres`, when this runs as root): it must be
        // able to reach the cluster's directory inside this one.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711))?;
        }
        let out = std::process::Command::new("bash")
            .arg(Cluster::script())
            .arg("start")
            .arg(dir.path().join("cluster"))
            .args(extra)
            .output()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            if stderr.contains("no PostgreSQL server binaries")
                && std::env::var("CARTSTORE_REQUIRE_POSTGRES").as_deref() != Ok("1")
            {
                eprintln!("{test}: skipped, no PostgreSQL server binaries here (install postgresql-15)");
                return Ok(None);
            }
            return Err(format!("{test}: postgres.sh start failed: {stderr}").into());
        }
        let url = String::from_utf8(out.stdout)?.trim().to_owned();
        Ok(Some(Cluster { dir, url }))
    }

    fn script() -> &'static str {
        concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/postgres.sh")
    }

    /// Runs `postgres.sh COMMAND DIR` (`crash`, `restart`).
    pub fn run(&self, command: &str) -> Result<(), Box<dyn std::error::Error>> {
        let out = std::process::Command::new("bash")
            .arg(Cluster::script())
            .arg(command)
            .arg(self.dir.path().join("cluster"))
            .output()?;
        if !out.status.success() {
            return Err(format!("postgres.sh {command}: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        Ok(())
    }

    /// `host:port` of the server.
    pub fn address(&self) -> String {
        let rest = self.url.split_once('@').map_or("", |(_, r)| r);
        rest.split('/').next().unwrap_or_default().to_owned()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = std::process::Command::new("bash")
            .arg(Cluster::script())
            .arg("stop")
            .arg(self.dir.path().join("cluster"))
            .output();
    }
}
