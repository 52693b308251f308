//! The `partner` commands: set and read the partner profile, the seller and terms printed on
//! every quote issued without its own.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use cartstore::Store;
use cartstore::limits::{MAX_LOGO_BYTES, MAX_TERMS_BYTES};
use cartstore::quote::Logo;
use clap::Subcommand;

use super::io::{self, Failure, Outcome};

#[derive(Debug, Subcommand)]
pub(super) enum PartnerCommand {
    /// Set the partner profile (the seller on every quote issued without one); the members not
    /// given keep their values, an empty text clears one; prints the profile
    Set {
        /// The partner's name
        #[arg(long, value_name = "N")]
        name: Option<String>,
        /// A line of the postal address; repeat it for each line (replaces all the lines)
        #[arg(long = "address", value_name = "A")]
        address_lines: Vec<String>,
        /// The e-mail address quotes print
        #[arg(long, value_name = "E")]
        email: Option<String>,
        /// The telephone number quotes print
        #[arg(long, value_name = "P")]
        phone: Option<String>,
        /// The tax registration number quotes print (VAT number, EIN)
        #[arg(long, value_name = "T")]
        tax_id: Option<String>,
        /// The logo: a PNG or SVG file of at most 256 KiB
        #[arg(long, value_name = "FILE")]
        logo: Option<PathBuf>,
        /// The terms and conditions: a UTF-8 text file of at most 64 KiB
        #[arg(long, value_name = "FILE")]
        terms: Option<PathBuf>,
    },
    /// Print the partner profile (the logo in base64)
    Get,
}

/// Runs a `partner` command.
pub(super) fn run(store: &Store, command: &PartnerCommand) -> Outcome {
    match command {
        PartnerCommand::Set { name, address_lines, email, phone, tax_id, logo, terms } => {
            let mut profile = store.get_partner_profile()?;
            if let Some(name) = name {
                profile.name.clone_from(name);
            }
            if !address_lines.is_empty() {
                profile.address_lines.clone_from(address_lines);
            }
            for (value, field) in
                [(email, &mut profile.email), (phone, &mut profile.phone), (tax_id, &mut profile.tax_id)]
            {
                if value.is_some() {
                    field.clone_from(value);
                }
            }
            if let Some(path) = logo {
                profile.logo = Some(Logo(read_bounded(path, MAX_LOGO_BYTES)?));
            }
            if let Some(path) = terms {
                let bytes = read_bounded(path, MAX_TERMS_BYTES)?;
                // Over the bound, the library refuses it as too long (cut, it may not be UTF-8).
                let text = match String::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(e) if e.as_bytes().len() > MAX_TERMS_BYTES => {
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                    Err(_) => {
                        return Err(Failure::Store(cartstore::Error::invalid(
                            "terms",
                            cartstore::InputProblem::Invalid,
                        )));
                    }
                };
                profile.terms = Some(text);
            }
            io::print_change(&store.set_partner_profile(&profile)?)
        }
        PartnerCommand::Get => io::print_json(&store.get_partner_profile()?),
    }
}

/// The first `max + 1` bytes of the file at `path` (one more than the bound, so that the
/// library refuses a longer file as too long without reading all of it).
fn read_bounded(path: &Path, max: usize) -> Result<Vec<u8>, Failure> {
    let unreadable = |e: std::io::Error| {
        Failure::Usage(super::args::usage_error(
            clap::error::ErrorKind::Io,
            format!("cannot read '{}': {e}", path.display()),
        ))
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(bytes)
}
