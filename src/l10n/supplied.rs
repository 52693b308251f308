//! Messages an application supplies at run time: the resource kinds, the checks every
//! resource passes when it is added, and the [`Messages`] builder.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use super::*;
use crate::error::{Error, InputProblem, MessagesProblem};

/// The kinds of Fluent resource an application can supply, each with its own message ids and
/// its own file name.
///
/// [`Messages`] takes the kind with every resource, so that a kind is added without changing
/// how applications supply resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResourceKind {
    /// The descriptions of errors and the labels of the command-line tool (`errors.ftl`):
    /// `cart-<code>`, `order-<code>`, `error-*`, `label-*`, as in `locales/en/errors.ftl`.
    Errors,
    /// The labels and notes of the quote document (`quote.ftl`): the `quote-*` ids of
    /// [`QUOTE_MESSAGE_IDS`], as in `locales/en/quote.ftl`.
    Quote,
}

impl ResourceKind {
    /// Every kind.
    pub const ALL: [ResourceKind; 2] = [ResourceKind::Errors, ResourceKind::Quote];

    /// The file name of this kind in a messages directory: `errors.ftl`, `quote.ftl`.
    pub fn file_name(self) -> &'static str {
        match self {
            ResourceKind::Errors => "errors.ftl",
            ResourceKind::Quote => "quote.ftl",
        }
    }

    /// The kind whose file name is `name` (`errors.ftl`).
    ///
    /// ```
    /// use cartstore::l10n::ResourceKind;
    /// assert_eq!(ResourceKind::from_file_name("errors.ftl"), Some(ResourceKind::Errors));
    /// assert_eq!(ResourceKind::from_file_name("notes.ftl"), None);
    /// ```
    pub fn from_file_name(name: &str) -> Option<ResourceKind> {
        ResourceKind::ALL.into_iter().find(|k| k.file_name() == name)
    }

    /// The ids of this kind, each with the variables the code gives its message.
    pub(super) fn known(self) -> &'static HashMap<String, BTreeSet<String>> {
        match self {
            ResourceKind::Errors => {
                static ERRORS: OnceLock<HashMap<String, BTreeSet<String>>> = OnceLock::new();
                ERRORS.get_or_init(|| known_messages(message_ids(), &SOURCES))
            }
            ResourceKind::Quote => {
                static QUOTE: OnceLock<HashMap<String, BTreeSet<String>>> = OnceLock::new();
                QUOTE.get_or_init(|| known_messages(QUOTE_MESSAGE_IDS.map(String::from).to_vec(), &QUOTE_SOURCES))
            }
        }
    }
}

/// `ids`, each with the union of the variables its message uses in the built-in `sources`.
pub(super) fn known_messages(ids: Vec<String>, sources: &[&str]) -> HashMap<String, BTreeSet<String>> {
    let mut known: HashMap<String, BTreeSet<String>> = ids.into_iter().map(|id| (id, BTreeSet::new())).collect();
    for source in sources {
        let resource = parse_resource(source);
        for entry in resource.entries() {
            if let ast::Entry::Message(message) = entry
                && let (Some(variables), Some(value)) = (known.get_mut(message.id.name), &message.value)
            {
                let mut found = References::default();
                walk(value, &mut found);
                variables.extend(found.variables.iter().map(|v| (*v).to_owned()));
            }
        }
    }
    known
}

/// The variables and the message or term references of a pattern.
#[derive(Default)]
pub(super) struct References<'s> {
    pub(super) variables: Vec<&'s str>,
    /// Message ids, and term ids with their `-`.
    pub(super) references: Vec<String>,
}

impl<'s> Visitor<'s> for References<'s> {
    fn variable(&mut self, name: &'s str) {
        self.variables.push(name);
    }

    fn message(&mut self, id: &'s str) {
        self.references.push(id.to_owned());
    }

    fn term(&mut self, id: &'s str) {
        self.references.push(format!("-{id}"));
    }
}

/// What [`walk`] meets in a Fluent pattern.
pub(super) trait Visitor<'s> {
    /// A variable read (`{ $name }`).
    fn variable(&mut self, name: &'s str);
    /// A reference to another message (`{ id }`).
    fn message(&mut self, id: &'s str);
    /// A reference to a term (`{ -id }`, its id without the `-`).
    fn term(&mut self, id: &'s str);
}

/// Walks `pattern` (its placeables, a select's selector and variants, a call's arguments,
/// nested placeables), telling `visitor` every variable and reference it meets.
pub(super) fn walk<'s>(pattern: &ast::Pattern<&'s str>, visitor: &mut impl Visitor<'s>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, visitor);
        }
    }
}

fn walk_expression<'s>(expression: &ast::Expression<&'s str>, visitor: &mut impl Visitor<'s>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, visitor);
            for variant in variants {
                walk(&variant.value, visitor);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, visitor),
    }
}

fn walk_inline<'s>(inline: &ast::InlineExpression<&'s str>, visitor: &mut impl Visitor<'s>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => visitor.variable(id.name),
        ast::InlineExpression::MessageReference { id, .. } => visitor.message(id.name),
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            visitor.term(id.name);
            if let Some(arguments) = arguments {
                walk_arguments(arguments, visitor);
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => walk_arguments(arguments, visitor),
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, visitor),
        ast::InlineExpression::StringLiteral { .. } | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn walk_arguments<'s>(arguments: &ast::CallArguments<&'s str>, visitor: &mut impl Visitor<'s>) {
    for positional in &arguments.positional {
        walk_inline(positional, visitor);
    }
    for named in &arguments.named {
        walk_inline(&named.value, visitor);
    }
}

/// One checked resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Supplied {
    pub(super) kind: ResourceKind,
    /// The canonical tag (`de`, `pt-BR`, or a built-in tag as [`LOCALES`] spells it).
    pub(super) tag: String,
    pub(super) name: String,
    pub(super) source: String,
    /// The message ids it defines.
    pub(super) ids: Vec<String>,
}

/// Fluent resources an application supplies on top of the built-in catalogs, checked as they
/// are added; [`Messages::negotiate`] gives the [`Localizer`]s that render with them.
///
/// A supplied message replaces the built-in one with the same id in that locale; a locale no
/// catalog has (`de`) is added, and the messages it lacks fall back along the negotiation
/// chain (`de-AT` → `de` → English), one by one.
///
/// The localizers are `Copy` handles to catalogs kept for the life of the process: build the
/// `Messages` once (at start-up) and keep the `Localizer`s. Building the same resources again
/// reuses the same catalogs, so memory grows only with the number of distinct sets of
/// resources an application loads, not with the number of calls.
///
/// ```
/// use cartstore::l10n::{Messages, ResourceKind};
/// use cartstore::{Error, OrderErrorCode, StoreOptions};
///
/// # fn main() -> Result<(), Error> {
/// let mut messages = Messages::new();
/// messages.add(ResourceKind::Errors, "fr", "fr/errors.ftl",
///     "order-800065 = Le panier { $cartId } a déjà été soumis.")?;
/// let fr = messages.negotiate(&["fr-CA"]);
/// let err = Error::CartAlreadyOrdered { cart_id: "3655b1a0".into() };
/// assert_eq!(fr.describe(&err), "Le panier 3655b1a0 a déjà été soumis.");
/// // The store writes its line errors and order errors with it.
/// let options = StoreOptions { locale: fr, ..StoreOptions::default() };
/// # let _ = options;
///
/// // A variable the code does not give that message is refused, with the line and the id.
/// let refused = messages.add(ResourceKind::Errors, "fr", "extra.ftl", "\norder-800061 = { $cartId }");
/// assert!(matches!(refused, Err(Error::InvalidMessages { line: Some(2), .. })));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Messages {
    pub(super) resources: Vec<Supplied>,
    /// The catalogs built from `resources`, once asked for.
    pub(super) built: OnceLock<&'static Layered>,
}

impl Messages {
    /// No supplied messages: its localizers are the built-in ones.
    pub fn new() -> Messages {
        Messages::default()
    }

    /// Whether nothing was supplied.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Adds one resource of `kind` for `locale` (a BCP 47 tag: `de`, `pt-BR`, `fr`), from its
    /// Fluent text; `name` names it in errors (a file name, say).
    ///
    /// The resource is checked first and refused as a whole, with
    /// [`Error::InvalidMessages`] naming `name`, the line and the message id, when it has a
    /// Fluent syntax error, defines an id that is not a cartstore message of that kind (or a
    /// term), defines an id already supplied for that locale, has a message without a value,
    /// refers to another message or a term ([`MessagesProblem::Reference`] for a cartstore
    /// message, [`MessagesProblem::UnknownReference`] for anything else: supplied messages are
    /// self-contained, since a reference would not be resolved through the built-in catalogs
    /// and the fallback chain), or uses a variable the code does not give that message.
    /// Comments are allowed anywhere. A source longer than [`MAX_MESSAGES_FILE_BYTES`] is
    /// [`Error::InvalidInput`] [`TooLong`](InputProblem::TooLong) naming `name`.
    pub fn add(&mut self, kind: ResourceKind, locale: &str, name: &str, source: &str) -> Result<&mut Messages, Error> {
        if source.len() > MAX_MESSAGES_FILE_BYTES {
            return Err(Error::invalid(name, InputProblem::TooLong { max: MAX_MESSAGES_FILE_BYTES }));
        }
        let taken = Taken::of(&self.resources);
        let supplied = check(&taken, kind, locale, name, source)?;
        self.push(vec![supplied]);
        Ok(self)
    }

    /// Adds the resources at `path`: one `.ftl` file, or a directory of `<locale>/*.ftl`
    /// (`messages/de/errors.ftl`, `messages/pt-BR/errors.ftl`). The locale of a file is the
    /// name of the directory it is in, its kind its file name ([`ResourceKind::file_name`]);
    /// `.ftl` files directly in `path` take `path`'s own name as their locale. Other files are
    /// ignored. Every file is checked as [`Messages::add`] checks it, and one bad file refuses
    /// them all ([`Error::InvalidMessages`], the resource named by its path; a file over
    /// [`MAX_MESSAGES_FILE_BYTES`] is [`Error::InvalidInput`]
    /// [`TooLong`](InputProblem::TooLong) naming its path, read no further than one byte past
    /// the cap). Loading is linear in the number of files and locales.
    pub fn load(&mut self, path: &Path) -> Result<&mut Messages, Error> {
        let mut pending: Vec<Supplied> = Vec::new();
        // The ids already supplied per kind and locale, grown file by file: loading stays
        // linear in the number of files (10,000 locale directories load in about a second).
        let mut taken = Taken::of(&self.resources);
        for file in ftl_files(path)? {
            let name = file.display().to_string();
            let refuse = |problem| Error::InvalidMessages { resource: name.clone(), line: None, id: None, problem };
            let kind = file
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(ResourceKind::from_file_name)
                .ok_or_else(|| refuse(MessagesProblem::UnknownFile))?;
            let absolute = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
            let locale = absolute.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
            let source = read_capped(&file, &name)
                .map_err(|e| refuse(MessagesProblem::Unreadable { detail: e.to_string() }))??;
            let supplied = check(&taken, kind, locale, &name, &source)?;
            taken.add(&supplied);
            pending.push(supplied);
        }
        self.push(pending);
        Ok(self)
    }

    /// The supplied locales, built-in or added, in the order they were first supplied.
    pub fn locales(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = Vec::new();
        for resource in &self.resources {
            if !tags.contains(&resource.tag.as_str()) {
                tags.push(&resource.tag);
            }
        }
        tags
    }

    /// The best locale for a list of requested tags, among the built-in ones and the added
    /// ones, with the supplied messages layered on top. Negotiation is
    /// [`Localizer::negotiate`]'s (same fallback, same handling of invalid tags and of Chinese)
    /// with the added locales available too; a supplied tag asked for exactly is always
    /// chosen. With nothing supplied, it is [`Localizer::negotiate`].
    pub fn negotiate(&self, requested: &[&str]) -> Localizer {
        match self.layered() {
            None => Localizer::negotiate(requested),
            Some(layered) => layered.negotiate(requested),
        }
    }

    /// The localizer of one built-in or supplied locale exactly (`"de"`, `"fr"`).
    pub fn for_tag(&self, tag: &str) -> Option<Localizer> {
        match self.layered() {
            None => Localizer::for_tag(tag),
            Some(layered) => layered
                .layers
                .iter()
                .position(|l| l.tag.eq_ignore_ascii_case(tag))
                .map(|index| Localizer { index, supplied: Some(layered) }),
        }
    }

    /// Every localizer: the four built-in locales, English first, then the added ones.
    pub fn all(&self) -> Vec<Localizer> {
        match self.layered() {
            None => Localizer::all().to_vec(),
            Some(layered) => {
                (0..layered.layers.len()).map(|index| Localizer { index, supplied: Some(layered) }).collect()
            }
        }
    }

    pub(super) fn push(&mut self, checked: Vec<Supplied>) {
        if !checked.is_empty() {
            self.resources.extend(checked);
            self.built = OnceLock::new();
        }
    }

    pub(super) fn layered(&self) -> Option<&'static Layered> {
        if self.resources.is_empty() {
            return None;
        }
        Some(*self.built.get_or_init(|| Layered::intern(&self.resources)))
    }
}

/// The text of a messages file, at most [`MAX_MESSAGES_FILE_BYTES`]: one byte more is
/// `Ok(InvalidInput TooLong)` naming it, found without reading further (a symlink to
/// `/dev/zero`); `Err` for a file that cannot be read or is not UTF-8.
fn read_capped(file: &Path, name: &str) -> Result<Result<String, Error>, std::io::Error> {
    use std::io::Read;
    let opened = std::fs::File::open(file)?;
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_MESSAGES_FILE_BYTES).unwrap_or(u64::MAX).saturating_add(1);
    opened.take(limit).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_MESSAGES_FILE_BYTES {
        return Ok(Err(Error::invalid(name, InputProblem::TooLong { max: MAX_MESSAGES_FILE_BYTES })));
    }
    String::from_utf8(bytes).map(Ok).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// The message ids already supplied, per kind and canonical locale tag.
#[derive(Default)]
pub(super) struct Taken {
    ids: HashMap<(ResourceKind, String), HashSet<String>>,
}

impl Taken {
    pub(super) fn of(resources: &[Supplied]) -> Taken {
        let mut taken = Taken::default();
        for resource in resources {
            taken.add(resource);
        }
        taken
    }

    pub(super) fn add(&mut self, resource: &Supplied) {
        let ids = self.ids.entry((resource.kind, resource.tag.clone())).or_default();
        ids.extend(resource.ids.iter().cloned());
    }

    fn contains(&self, kind: ResourceKind, tag: &str, id: &str) -> bool {
        self.ids.get(&(kind, tag.to_owned())).is_some_and(|ids| ids.contains(id))
    }
}

/// The `.ftl` files at `path`: itself, or those directly in it and in its subdirectories,
/// sorted.
pub(super) fn ftl_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let unreadable = |at: &Path, e: std::io::Error| Error::InvalidMessages {
        resource: at.display().to_string(),
        line: None,
        id: None,
        problem: MessagesProblem::Unreadable { detail: e.to_string() },
    };
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let is_ftl = |p: &Path| p.is_file() && p.extension().is_some_and(|e| e == "ftl");
    let list = |dir: &Path| -> Result<Vec<PathBuf>, Error> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| unreadable(dir, e))? {
            entries.push(entry.map_err(|e| unreadable(dir, e))?.path());
        }
        entries.sort();
        Ok(entries)
    };
    let mut files = Vec::new();
    for entry in list(path)? {
        if entry.is_dir() {
            files.extend(list(&entry)?.into_iter().filter(|p| is_ftl(p)));
        } else if is_ftl(&entry) {
            files.push(entry);
        }
    }
    Ok(files)
}

/// A supplied locale tag in canonical form (`pt_BR` → `pt-BR`, `FR` → `fr`), or `None` when
/// it is not a language tag with a two- or three-letter language (`errors`, `und`, `x`).
pub(super) fn supplied_tag(locale: &str) -> Option<String> {
    let lang: LanguageIdentifier = posix_base(locale).parse().ok()?;
    let language = lang.language.as_str();
    if !(2..=3).contains(&language.len()) || language == "und" {
        return None;
    }
    let tag = lang.to_string();
    Some(LOCALES.iter().find(|l| l.eq_ignore_ascii_case(&tag)).map_or(tag, |l| (*l).to_owned()))
}

/// The 1-based line of byte `offset` in `source`.
pub(super) fn line_at(source: &str, offset: usize) -> usize {
    source.as_bytes().iter().take(offset).filter(|b| **b == b'\n').count() + 1
}

/// The 1-based line where `slice` (a part of `source`) starts.
pub(super) fn line_of(source: &str, slice: &str) -> usize {
    let offset = (slice.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
    line_at(source, offset)
}

/// The id an entry that failed to parse starts with (`order-800065 = ...`), if it does.
pub(super) fn junk_id(junk: &str) -> Option<String> {
    let text = junk.trim_start();
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(text.len());
    let (id, rest) = text.split_at_checked(end)?;
    let starts_well = id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-');
    (starts_well && rest.trim_start_matches([' ', '\t']).starts_with('=')).then(|| id.to_owned())
}

/// Checks one resource against the built-in ids and variables and the resources supplied
/// before it (`earlier`).
pub(super) fn check(
    earlier: &Taken,
    kind: ResourceKind,
    locale: &str,
    name: &str,
    source: &str,
) -> Result<Supplied, Error> {
    let refuse = |line: Option<usize>, id: Option<&str>, problem| Error::InvalidMessages {
        resource: name.to_owned(),
        line,
        id: id.map(str::to_owned),
        problem,
    };
    let tag = supplied_tag(locale)
        .ok_or_else(|| refuse(None, None, MessagesProblem::BadLocale { tag: locale.to_owned() }))?;
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            let first = errors.into_iter().min_by_key(|e| e.pos.start);
            let line = first.as_ref().map(|e| line_at(source, e.pos.start));
            let id = first.as_ref().and_then(|e| e.slice.clone()).and_then(|s| source.get(s)).and_then(junk_id);
            let detail = first.map(|e| e.kind.to_string()).unwrap_or_default();
            return Err(refuse(line, id.as_deref(), MessagesProblem::Syntax { detail }));
        }
    };
    let known = kind.known();
    let mut defined: Vec<String> = Vec::new();
    let text = resource.source();
    for entry in resource.entries() {
        let message = match entry {
            ast::Entry::Message(message) => message,
            ast::Entry::Term(term) => {
                let id = format!("-{}", term.id.name);
                return Err(refuse(Some(line_of(text, term.id.name)), Some(&id), MessagesProblem::UnknownId));
            }
            ast::Entry::Junk { content } => {
                // Not reached: a resource with junk is a syntax error above.
                let detail = String::from("unparsed content");
                return Err(refuse(Some(line_of(text, content)), None, MessagesProblem::Syntax { detail }));
            }
            ast::Entry::Comment(_) | ast::Entry::GroupComment(_) | ast::Entry::ResourceComment(_) => continue,
        };
        let id = message.id.name;
        let at = Some(line_of(text, id));
        let Some(variables) = known.get(id) else {
            return Err(refuse(at, Some(id), MessagesProblem::UnknownId));
        };
        if earlier.contains(kind, &tag, id) || defined.iter().any(|d| d == id) {
            return Err(refuse(at, Some(id), MessagesProblem::Duplicate));
        }
        let Some(value) = &message.value else {
            return Err(refuse(at, Some(id), MessagesProblem::NoValue));
        };
        let mut found = References::default();
        walk(value, &mut found);
        for attribute in &message.attributes {
            walk(&attribute.value, &mut found);
        }
        if let Some(variable) = found.variables.iter().find(|v| !variables.contains(**v)) {
            return Err(refuse(at, Some(id), MessagesProblem::UnknownVariable { name: (*variable).to_owned() }));
        }
        if let Some(reference) = found.references.first() {
            // A term or an unknown id is no cartstore message; a cartstore message is refused
            // too: references are not resolved through the layers (see `Reference`).
            let name = reference.clone();
            let problem = if known.contains_key(reference.as_str()) {
                MessagesProblem::Reference { name }
            } else {
                MessagesProblem::UnknownReference { name }
            };
            return Err(refuse(at, Some(id), problem));
        }
        defined.push(id.to_owned());
    }
    Ok(Supplied { kind, tag, name: name.to_owned(), source: source.to_owned(), ids: defined })
}
