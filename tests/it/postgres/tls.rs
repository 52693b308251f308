//! TLS to the server (DESIGN 14): `require`, `verify-ca` and `verify-full` with a CA file,
//! against a loopback cluster of the test's own that takes TCP over TLS only, with a CA and a
//! server certificate the test makes. A wrong CA, or a certificate for another name under
//! `verify-full`, is the typed `Unavailable` error, localized, never with the password.

use std::ffi::OsStr;

use cartstore::{Error, Localizer, StorageKind, Store};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};

use super::Cluster;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const PASSWORD: &str = "tls-pw-never-shown";

/// A CA: its certificate (PEM) and what signs with it.
fn ca(name: &str) -> Result<(String, Issuer<'static, KeyPair>), rcgen::Error> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.distinguished_name.push(rcgen::DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    let key = KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    Ok((cert.pem(), Issuer::new(params, key)))
}

/// Everything in `err` a user or a log could see: its text, its `Debug`, its causes, and its
/// description in every locale.
fn everything_shown(err: &Error) -> String {
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        shown.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    for locale in Localizer::all() {
        shown.push(' ');
        shown.push_str(&locale.describe(err));
    }
    shown
}

#[test]
fn tls_verify_full_with_the_servers_ca_connects_and_a_wrong_ca_is_unavailable() -> TestResult {
    let test = "tls_verify_full_with_the_servers_ca_connects_and_a_wrong_ca_is_unavailable";
    let files = tempfile::tempdir()?;
    let (ca_pem, issuer) = ca("cartstore test CA")?;
    let (wrong_pem, _) = ca("another CA")?;
    let mut params = CertificateParams::new(vec!["db.cartstore.test".to_owned(), "127.0.0.1".to_owned()])?;
    params.distinguished_name.push(rcgen::DnType::CommonName, "db.cartstore.test");
    let server_key = KeyPair::generate()?;
    let server_cert = params.signed_by(&server_key, &issuer)?;
    let path = |name: &str| files.path().join(name);
    std::fs::write(path("ca.pem"), &ca_pem)?;
    std::fs::write(path("wrong.pem"), &wrong_pem)?;
    std::fs::write(path("server.crt"), server_cert.pem())?;
    std::fs::write(path("server.key"), server_key.serialize_pem())?;
    let (cert, key) = (path("server.crt"), path("server.key"));
    let Some(cluster) = Cluster::start(test, &[OsStr::new("--ssl"), cert.as_os_str(), key.as_os_str()])? else {
        return Ok(());
    };
    let address = cluster.address();
    let port = address.rsplit(':').next().unwrap_or_default().to_owned();
    let url = |host: &str, query: &str| format!("postgres://postgres:{PASSWORD}@{host}/postgres?{query}");
    let ca_file = path("ca.pem").display().to_string();
    let wrong_file = path("wrong.pem").display().to_string();

    // The server takes TCP over TLS only: plain is refused (by the server, naming no password).
    let plain = Store::open(url(&address, "sslmode=disable")).err().ok_or("plain TCP accepted")?;
    assert!(matches!(plain, Error::Storage { .. }), "{plain:?}");
    assert!(!everything_shown(&plain).contains(PASSWORD));

    // verify-full with the CA, by address and by name (the name given, the address used).
    let store = Store::open(url(&address, &format!("sslmode=verify-full&sslrootcert={ca_file}")))?;
    let cart = store.create_cart("cust-tls", &crate::store::three_group_cart()?)?;
    assert_eq!(store.get_cart("cust-tls", &cart.id)?.id, cart.id);
    assert!(!format!("{store:?}").contains(PASSWORD));
    let by_name = format!("sslmode=verify-full&sslrootcert={ca_file}&hostaddr=127.0.0.1");
    Store::open(url(&format!("db.cartstore.test:{port}"), &by_name))?;
    // require: encrypted without a CA; verify-ca: the chain, whatever the name.
    Store::open(url(&address, "sslmode=require"))?;
    let other_name = format!("other.cartstore.test:{port}");
    Store::open(url(&other_name, &format!("sslmode=verify-ca&sslrootcert={ca_file}&hostaddr=127.0.0.1")))?;

    // A wrong CA, or another name under verify-full: Unavailable, naming host and port only.
    for (target, server) in [
        (url(&address, &format!("sslmode=verify-full&sslrootcert={wrong_file}")), address.clone()),
        (url(&address, &format!("sslmode=verify-ca&sslrootcert={wrong_file}")), address.clone()),
        (
            url(&other_name, &format!("sslmode=verify-full&sslrootcert={ca_file}&hostaddr=127.0.0.1")),
            other_name.clone(),
        ),
    ] {
        let err = Store::open(&target).err().ok_or_else(|| format!("{server}: accepted"))?;
        let Error::Storage { kind, detail, .. } = &err else {
            return Err(format!("not a storage error: {err:?}").into());
        };
        assert_eq!(*kind, StorageKind::Unavailable, "{err:?}");
        assert_eq!(detail, &server);
        let shown = everything_shown(&err);
        assert!(!shown.contains(PASSWORD), "{shown}");
        eprintln!("{test}: {}", Localizer::default().describe(&err));
        for locale in Localizer::all() {
            assert!(locale.describe(&err).contains(&server), "{}", locale.locale());
        }
    }
    // verify-full without a CA file is refused before connecting.
    let err = Store::open(url(&address, "sslmode=verify-full")).err().ok_or("verify-full without a CA")?;
    assert!(err.to_string().contains("sslrootcert"), "{err}");
    Ok(())
}

#[test]
fn prefer_falls_back_to_plain_and_require_is_refused_by_a_server_without_tls() -> TestResult {
    let test = "prefer_falls_back_to_plain_and_require_is_refused_by_a_server_without_tls";
    // The shared test server has no TLS.
    let Some(url) = super::fresh_database(test)? else { return Ok(()) };
    let base = url.split_once('?').map_or(url.as_str(), |(b, _)| b).replacen(
        "://postgres@",
        &format!("://postgres:{PASSWORD}@"),
        1,
    );
    Store::open(format!("{base}?sslmode=prefer"))?;
    Store::open(&base)?;
    let err = Store::open(format!("{base}?sslmode=require")).err().ok_or("require accepted a server without TLS")?;
    assert!(matches!(err, Error::Storage { kind: StorageKind::Unavailable, .. }), "{err:?}");
    assert!(!everything_shown(&err).contains(PASSWORD));
    Ok(())
}
