//! The `partner` commands: set and read the partner profile, the seller and terms printed on
//! every quote issued without its own.

use std::io::Read as _;
use std::path::Path;

use cartstore::Store;
use cartstore::limits::{MAX_LOGO_BYTES, MAX_TERMS_BYTES};
use cartstore::quote::Logo;

use super::args::PartnerCommand;
use super::io::{self, Failure, Outcome};

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
