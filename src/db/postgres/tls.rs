//! TLS to the server, through rustls on ring: the libpq `sslmode` values a URL may name, and the
//! connector each one needs.
//!
//! - `disable`, or no `sslmode`: plain TCP (no connector at all);
//! - `prefer`: TLS when the server offers it, else plain; the certificate is not checked;
//! - `require`: TLS or no connection; the certificate is checked against `sslrootcert` when the
//!   URL names one (as `verify-ca`, as libpq does), else not at all (encryption only);
//! - `verify-ca`: TLS, the server's certificate chain checked against the CAs of `sslrootcert`;
//! - `verify-full`: `verify-ca`, and the certificate must name the host connected to.
//!
//! `verify-ca` and `verify-full` need `sslrootcert=FILE` (PEM, one or more CA certificates);
//! the `postgres` client knows neither them nor `sslrootcert`, so [`split`] takes them off the
//! URL before it is parsed and leaves `sslmode=require` in their place.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{Error, Result, StorageKind};

/// What a URL asks of TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Plain TCP: `sslmode=disable`, or no `sslmode`.
    Disable,
    /// TLS when the server offers it.
    Prefer,
    /// TLS or no connection.
    Require,
    /// TLS, the certificate chain checked.
    VerifyCa,
    /// TLS, the certificate chain and the host name checked.
    VerifyFull,
}

/// The TLS settings a URL gives.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub mode: Mode,
    /// `sslrootcert`: a PEM file of CA certificates.
    pub root_cert: Option<PathBuf>,
}

/// Splits the TLS settings off a `postgres://` URL: the URL the `postgres` client can parse
/// (`verify-ca`/`verify-full` become `require`, `sslrootcert` is taken off) and the settings.
pub(crate) fn split(url: &str) -> Result<(String, Settings)> {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, query),
        None => (url, ""),
    };
    let mut settings = Settings { mode: Mode::Disable, root_cert: None };
    let mut kept: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                let value = decode(value);
                settings.mode = match value.as_str() {
                    "disable" => Mode::Disable,
                    "prefer" | "allow" => Mode::Prefer,
                    "require" => Mode::Require,
                    "verify-ca" => Mode::VerifyCa,
                    "verify-full" => Mode::VerifyFull,
                    _ => return Err(invalid("sslmode is not one of disable, prefer, require, verify-ca, verify-full")),
                };
                let kept_mode = match settings.mode {
                    Mode::Disable => "disable",
                    Mode::Prefer => "prefer",
                    _ => "require",
                };
                kept.push(format!("sslmode={kept_mode}"));
            }
            "sslrootcert" => settings.root_cert = Some(PathBuf::from(decode(value))),
            _ => kept.push(pair.to_owned()),
        }
    }
    if matches!(settings.mode, Mode::VerifyCa | Mode::VerifyFull) && settings.root_cert.is_none() {
        return Err(invalid("sslmode=verify-ca and verify-full need sslrootcert=FILE (the CA certificates, PEM)"));
    }
    if settings.mode == Mode::Disable {
        // The client's own default is `prefer`; no sslmode here means plain.
        if !kept.iter().any(|p| p.starts_with("sslmode=")) {
            kept.push("sslmode=disable".to_owned());
        }
    }
    let url = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
    Ok((url, settings))
}

/// The connector `settings` need, `None` for plain TCP.
pub(crate) fn connector(settings: &Settings) -> Result<Option<MakeRustlsConnect>> {
    // ring, not aws-lc-rs (which needs cmake and clang to build); rustls marks it deprecated
    // only for its lack of post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = match (settings.mode, &settings.root_cert) {
        (Mode::Disable, _) => return Ok(None),
        (Mode::Prefer | Mode::Require, None) => Arc::new(Unverified(Arc::clone(&provider))),
        (Mode::Prefer | Mode::Require | Mode::VerifyCa, Some(file)) => {
            Arc::new(AnyName(web_pki(file, Arc::clone(&provider))?))
        }
        (Mode::VerifyFull, Some(file)) => web_pki(file, Arc::clone(&provider))?,
        (Mode::VerifyCa | Mode::VerifyFull, None) => return Err(invalid("sslrootcert is missing")),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::storage_caused_by(StorageKind::Other, "TLS configuration", e))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(config)))
}

/// The standard (WebPKI) verifier over the CA certificates of `file`.
fn web_pki(file: &std::path::Path, provider: Arc<CryptoProvider>) -> Result<Arc<WebPkiServerVerifier>> {
    let shown = file.display().to_string();
    let unreadable = |detail: String| Error::storage(StorageKind::Other, format!("sslrootcert {shown}: {detail}"));
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(file).map_err(|e| unreadable(e.to_string()))?;
    for cert in certs {
        roots.add(cert.map_err(|e| unreadable(e.to_string()))?).map_err(|e| unreadable(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(unreadable("no certificate in the file".to_owned()));
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|e| unreadable(e.to_string()))
}

/// An invalid TLS option of the URL.
fn invalid(what: &str) -> Error {
    Error::storage(StorageKind::Other, format!("invalid PostgreSQL connection string: {what}"))
}

/// A URL query value, percent-decoded (a byte sequence that is not UTF-8 is kept lossily).
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (b, hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `require` or `prefer` without CAs: the connection is encrypted, the certificate not checked
/// (libpq's behaviour); the handshake's signatures still are.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain checked against the CAs, whatever host name the certificate names.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::{Mode, split};

    #[test]
    fn the_tls_options_are_taken_off_the_url() -> Result<(), Box<dyn std::error::Error>> {
        let (url, s) =
            split("postgres://u:pw@h:5/db?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem&connect_timeout=3")?;
        assert_eq!(url, "postgres://u:pw@h:5/db?sslmode=require&connect_timeout=3");
        assert_eq!(s.mode, Mode::VerifyFull);
        assert_eq!(s.root_cert.as_deref(), Some(std::path::Path::new("/tmp/ca.pem")));
        let (url, s) = split("postgres://h/db")?;
        assert_eq!((url.as_str(), s.mode), ("postgres://h/db?sslmode=disable", Mode::Disable));
        let (url, s) = split("postgresql://h/db?sslmode=prefer")?;
        assert_eq!((url.as_str(), s.mode), ("postgresql://h/db?sslmode=prefer", Mode::Prefer));
        assert!(split("postgres://h/db?sslmode=verify-ca").is_err(), "verify-ca without a CA file");
        assert!(split("postgres://h/db?sslmode=sometimes").is_err());
        Ok(())
    }
}
