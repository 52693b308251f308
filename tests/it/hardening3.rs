//! Issue 24, "Hardening 3" (and issue 23 item 17): the CLI's output file and standard output,
//! the customer's language flag, bounded catalog searches and their continuation tokens,
//! bounded and linear supplied messages, failures that name their file, the busy timeout, and
//! the application's own messages reaching the quote.

use std::error::Error as StdError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use cartstore::{CatalogQuery, Error, InputProblem, Store, StoreOptions};
use serde_json::Value;

type TestResult<T = ()> = Result<T, Box<dyn StdError>>;

const BIN: &str = env!("CARGO_BIN_EXE_cartstore");
const CUSTOMER: &str = "hardening3-customer";

/// A JSON catalog of `n` items titled `Contoso Business Plan <i>`, and one `Fabrikam Basic`.
fn catalog(n: usize) -> String {
    let mut items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"catalogItemId": "CONTOSO{i:05}:0001", "title": "Contoso Business Plan {i}", "currencyCode": "USD",
                    "terms": [{{"termDuration": "P1Y", "billingCycle": "monthly", "listPrice": 10}}]}}"#
            )
        })
        .collect();
    items.push(
        r#"{"catalogItemId": "FABRIKAM0001:0001", "title": "Fabrikam Basic", "currencyCode": "EUR",
            "terms": [{"termDuration": "P1Y", "billingCycle": "annual", "listPrice": 100}]}"#
            .to_owned(),
    );
    format!(r#"{{"items": [{}]}}"#, items.join(","))
}

fn searchable(n: usize) -> TestResult<Store> {
    let store = Store::open_in_memory()?;
    store.import_catalog(&serde_json::from_str(&catalog(n))?)?;
    Ok(store)
}

fn text(text: &str) -> CatalogQuery {
    CatalogQuery { text: Some(text.to_owned()), ..CatalogQuery::default() }
}

fn invalid(err: &Error) -> Option<(&str, &InputProblem)> {
    match err {
        Error::InvalidInput { field, problem } => Some((field.as_str(), problem)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// 24.9 Catalog search: words de-duplicated and capped
// ---------------------------------------------------------------------------------------------

#[test]
fn search_words_are_counted_once_and_a_prefix_of_another_word_adds_nothing() -> TestResult {
    let store = searchable(3)?;
    let plain = store.search_catalog(&text("contoso plan"))?;
    assert_eq!(plain.total_count, 3);
    // 2,030 one-letter words (the 4 KiB text cap), each many times: one word each, and `c` is a
    // prefix of `contoso`.
    let letters: Vec<&str> = "c p".split(' ').cycle().take(2030).collect();
    let many = format!("{} contoso plan", letters.join(" "));
    assert!(many.len() <= 4096);
    let found = store.search_catalog(&text(&many))?;
    assert_eq!(found.total_count, plain.total_count);
    let ids = |page: &cartstore::Collection<cartstore::CatalogItem>| -> Vec<String> {
        page.items.iter().map(|i| i.catalog_item_id.clone()).collect()
    };
    assert_eq!(ids(&found), ids(&plain));
    // Case does not make another word.
    assert_eq!(store.search_catalog(&text("CONTOSO Contoso contoso PLAN"))?.total_count, 3);
    Ok(())
}

#[test]
fn search_with_more_than_32_distinct_words_is_refused_too_many() -> TestResult {
    let store = searchable(1)?;
    // Distinct words none of which is a prefix of another: w0a, w1a, ..., ending in a letter.
    let words = |n: usize| (0..n).map(|i| format!("w{i}x")).collect::<Vec<_>>().join(" ");
    let at_cap = store.search_catalog(&text(&words(32)))?;
    assert_eq!(at_cap.total_count, 0);
    let err = store.search_catalog(&text(&words(33))).err().ok_or("33 words were accepted")?;
    assert_eq!(invalid(&err), Some(("text", &InputProblem::TooMany { max: 32 })), "{err:?}");
    // Thousands of distinct words: refused the same way, without building the query.
    let thousands: String = (0..1000).map(|i| format!("{i} ")).collect();
    let err = store.search_catalog(&text(&thousands)).err().ok_or("1000 words were accepted")?;
    assert_eq!(invalid(&err), Some(("text", &InputProblem::TooMany { max: 32 })), "{err:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 24.22 Continuation tokens bound to their query
// ---------------------------------------------------------------------------------------------

#[test]
fn search_continuation_tokens_work_only_for_their_own_query() -> TestResult {
    let store = searchable(5)?;
    let query = CatalogQuery { page_size: Some(2), ..text("contoso") };
    let first = store.search_catalog(&query)?;
    let token = first.continuation_token.clone().ok_or("no token")?;
    // The same query (words spelled otherwise, another page size) follows it.
    let same = CatalogQuery { continuation: Some(token.clone()), page_size: Some(3), ..text("CONTOSO c") };
    let second = store.search_catalog(&same)?;
    assert_eq!(second.items.first().map(|i| i.catalog_item_id.as_str()), Some("CONTOSO00002:0001"));

    let refused = |query: CatalogQuery| -> TestResult {
        let err = store.search_catalog(&query).err().ok_or_else(|| format!("accepted: {query:?}"))?;
        assert_eq!(invalid(&err), Some(("continuation", &InputProblem::Invalid)), "{query:?}: {err:?}");
        Ok(())
    };
    // Another text, a filter added, no text: the token is not theirs.
    refused(CatalogQuery { continuation: Some(token.clone()), ..text("fabrikam") })?;
    refused(CatalogQuery { continuation: Some(token.clone()), currency_code: Some("USD".into()), ..text("contoso") })?;
    refused(CatalogQuery { continuation: Some(token.clone()), ..CatalogQuery::default() })?;
    // Forged and bare offsets.
    let (prefix, hash) = token.rsplit_once('.').ok_or("token shape")?;
    let _ = prefix;
    for forged in [
        "s1.2".to_owned(),
        "2".to_owned(),
        "s2.2".to_owned(),
        "s2.2.0000000000000000".to_owned(),
        format!("s2.+2.{hash}"),
        format!("s2..{hash}"),
        format!("s2.99999999999999999999999.{hash}"),
    ] {
        refused(CatalogQuery { continuation: Some(forged), ..text("contoso") })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 24.15 The busy timeout
// ---------------------------------------------------------------------------------------------

#[test]
fn a_busy_timeout_past_what_sqlite_takes_is_clamped_not_a_panic() -> TestResult {
    let dir = tempfile::tempdir()?;
    for timeout in [Duration::MAX, Duration::from_millis(u64::MAX), Duration::from_millis(1 << 31)] {
        let options = StoreOptions { busy_timeout: timeout, ..StoreOptions::default() };
        let store = Store::open_with(dir.path().join("busy.db"), options)?;
        assert!(store.list_carts(CUSTOMER)?.is_empty());
    }
    assert_eq!(cartstore::store::MAX_BUSY_TIMEOUT, Duration::from_millis(i32::MAX as u64));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The CLI
// ---------------------------------------------------------------------------------------------

struct Out {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Out {
    fn ok(&self) -> TestResult<String> {
        if self.code != Some(0) {
            return Err(format!("exit {:?}: {}", self.code, self.stderr).into());
        }
        Ok(String::from_utf8(self.stdout.clone())?)
    }

    fn json(&self) -> TestResult<Value> {
        Ok(serde_json::from_str(&self.ok()?)?)
    }

    /// The error object on stderr: exit 1, nothing on stdout.
    fn error(&self) -> TestResult<Value> {
        assert_eq!(self.code, Some(1), "stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&self.stdout));
        Ok(serde_json::from_str(self.stderr.trim())?)
    }
}

/// The binary on `db` with a clean environment.
fn command(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("--db").arg(db).args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "CARTSTORE_DB", "CARTSTORE_MESSAGES"] {
        command.env_remove(name);
    }
    command.stdin(Stdio::null());
    command
}

fn run(mut command: Command) -> TestResult<Out> {
    let output = command.stdout(Stdio::piped()).stderr(Stdio::piped()).output()?;
    Ok(Out { code: output.status.code(), stdout: output.stdout, stderr: String::from_utf8(output.stderr)? })
}

fn cli(db: &Path, args: &[&str]) -> TestResult<Out> {
    run(command(db, args))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn path_str(path: &Path) -> TestResult<&str> {
    path.to_str().ok_or_else(|| "path is not UTF-8".into())
}

/// A database with the example catalog and one quote of the example cart; its number.
fn db_with_quote() -> TestResult<(tempfile::TempDir, PathBuf, String)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cartstore.db");
    cli(&db, &["catalog", "import", path_str(&root().join("examples/catalog.json"))?])?.ok()?;
    let cart =
        cli(&db, &["cart", "create", "--customer", CUSTOMER, path_str(&root().join("examples/demo-cart.json"))?])?
            .json()?;
    let cart_id = cart["id"].as_str().ok_or("no cart id")?;
    let quote = cli(&db, &["quote", "issue", "--customer", CUSTOMER, "--cart", cart_id])?.json()?;
    let number = quote["quoteNumber"].as_str().ok_or("no quote number")?.to_owned();
    Ok((dir, db, number))
}

fn description(err: &Value) -> &str {
    err["description"].as_str().unwrap_or_default()
}

// 24.1 `quote render --output` never onto the database; written through a temporary file.

#[test]
fn quote_render_output_refuses_the_database_and_its_wal_and_shm() -> TestResult {
    let (dir, db, number) = db_with_quote()?;
    let render = |output: &Path| {
        cli(&db, &["quote", "render", "--customer", CUSTOMER, "--quote", &number, "--output", path_str(output)?])
    };
    let wal = dir.path().join("cartstore.db-wal");
    let shm = dir.path().join("cartstore.db-shm");
    let mut targets = vec![db.clone(), wal, shm, dir.path().join("sub/../cartstore.db")];
    std::fs::create_dir(dir.path().join("sub"))?;
    #[cfg(unix)]
    {
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&db, &link)?;
        targets.push(link);
        let hard = dir.path().join("hard.html");
        std::fs::hard_link(&db, &hard)?;
        targets.push(hard);
    }
    let before = std::fs::read(&db)?;
    for target in &targets {
        let err = render(target)?.error()?;
        assert_eq!(err["code"], 900009, "{}: {err}", target.display());
        assert!(description(&err).contains(path_str(target)?), "{err}");
        assert!(!description(&err).contains("Database file"), "{err}");
    }
    assert_eq!(std::fs::read(&db)?, before, "the database is untouched");
    // Still a database that opens and reads.
    assert_eq!(cli(&db, &["quote", "list", "--customer", CUSTOMER])?.json()?["totalCount"], 1);

    // Any other file is written whole, replacing what was there, with nothing left beside it.
    let out = dir.path().join("quote.html");
    std::fs::write(&out, "old")?;
    render(&out)?.ok()?;
    let html = std::fs::read_to_string(&out)?;
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"), "{}", &html[..40]);
    let names: Vec<String> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".cartstore-output")), "{names:?}");
    Ok(())
}

// 24.12 Failures that are not the database's name their file.

#[test]
fn an_output_that_cannot_be_written_is_named_not_the_database() -> TestResult {
    let (dir, db, number) = db_with_quote()?;
    let render = |output: &Path| {
        cli(&db, &["quote", "render", "--customer", CUSTOMER, "--quote", &number, "--output", path_str(output)?])
    };
    let mut cases =
        vec![(dir.path().to_path_buf(), "directory"), (dir.path().join("missing/quote.html"), "No such file")];
    if Path::new("/dev/full").exists() {
        cases.push((PathBuf::from("/dev/full"), "No space left"));
    }
    for (target, reason) in cases {
        let err = render(&target)?.error()?;
        assert_eq!(err["code"], 900009, "{}: {err}", target.display());
        assert_eq!(err["errorName"], "File", "{err}");
        let text = description(&err);
        assert!(text.contains(path_str(&target)?) && text.contains(reason), "{target:?}: {err}");
        assert!(!text.contains("database"), "{err}");
    }
    // In French too.
    let err = run({
        let mut c = command(&db, &["--locale", "fr", "quote", "render", "--customer", CUSTOMER, "--quote", &number]);
        c.args(["--output", path_str(dir.path())?]);
        c
    })?
    .error()?;
    assert!(description(&err).starts_with("Impossible d’écrire le fichier"), "{err}");
    Ok(())
}

#[test]
fn an_import_whose_read_fails_names_the_input_not_the_database() -> TestResult {
    if !Path::new("/proc/self/mem").exists() {
        println!("skipped: no /proc/self/mem");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cartstore.db");
    let err = cli(&db, &["catalog", "import", "/proc/self/mem"])?.error()?;
    assert_eq!(err["code"], 900009, "{err}");
    assert!(description(&err).contains("/proc/self/mem"), "{err}");
    assert!(!description(&err).contains("database"), "{err}");
    Ok(())
}

// 24.4 A standard output on /dev/null is not a closed one.

#[test]
fn a_stdout_opened_read_write_on_dev_null_is_not_closed() -> TestResult {
    if !cfg!(target_os = "linux") || !Path::new("/dev/null").exists() {
        println!("skipped: Linux only");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cartstore.db");
    // What Python's subprocess.DEVNULL and Node's 'ignore' do: /dev/null opened read-write.
    for write_only in [false, true] {
        let null = std::fs::OpenOptions::new().read(!write_only).write(true).open("/dev/null")?;
        let mut set = command(&db, &["customer", "set", "--customer", CUSTOMER, "--name", "Contoso"]);
        let output = set.stdout(Stdio::from(null)).stderr(Stdio::piped()).output()?;
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(cli(&db, &["customer", "get", "--customer", CUSTOMER])?.json()?["name"], "Contoso");
    // A really closed one is still refused, before anything is done.
    if Path::new("/bin/sh").exists() {
        let mut closed = Command::new("/bin/sh");
        closed.arg("-c").arg(r#"exec "$0" "$@" >&-"#).arg(BIN).arg("--db").arg(&db);
        closed.args(["customer", "set", "--customer", CUSTOMER, "--name", "Fabrikam"]);
        let out = run(closed)?;
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        assert!(out.stderr.contains("standard output is closed"), "{}", out.stderr);
        assert_eq!(cli(&db, &["customer", "get", "--customer", CUSTOMER])?.json()?["name"], "Contoso");
    }
    Ok(())
}

// 24.5 The CLI's language and the customer's language are two flags.

#[test]
fn the_global_locale_never_sets_the_customers_language() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cartstore.db");
    let set = |args: &[&str]| -> TestResult<Out> {
        let mut all = vec!["customer", "set", "--customer", CUSTOMER];
        all.extend(args);
        cli(&db, &all)
    };
    let profile = || -> TestResult<Value> { cli(&db, &["customer", "get", "--customer", CUSTOMER])?.json() };
    // French messages asked for: the profile keeps no language.
    let out = cli(&db, &["--locale", "fr", "customer", "set", "--customer", CUSTOMER, "--name", "Contoso"])?;
    assert!(out.json()?.get("locale").is_none(), "{}", out.ok()?);
    assert!(profile()?.get("locale").is_none());
    // --language sets it, without a warning.
    let out = set(&["--language", "ja"])?;
    assert_eq!(out.json()?["locale"], "ja");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    // The global --locale before the subcommand leaves it as it is.
    cli(&db, &["--locale", "fr", "customer", "set", "--customer", CUSTOMER, "--market", "FR"])?.ok()?;
    assert_eq!(profile()?["locale"], "ja");
    // `customer set --locale` still sets it for one release, with a deprecation warning.
    let out = set(&["--locale", "de"])?;
    assert_eq!(out.json()?["locale"], "de");
    assert!(out.stderr.contains("deprecated") && out.stderr.contains("--language"), "{}", out.stderr);
    // --language wins over it.
    assert_eq!(set(&["--locale", "fr", "--language", "zh-TW"])?.json()?["locale"], "zh-TW");
    Ok(())
}

// 24.11 Supplied messages and templates are read with a cap.

#[test]
fn messages_and_templates_past_the_cap_are_refused_naming_the_file() -> TestResult {
    let (dir, db, number) = db_with_quote()?;
    let cap = cartstore::l10n::MAX_MESSAGES_FILE_BYTES;
    let messages = dir.path().join("messages");
    std::fs::create_dir_all(messages.join("de"))?;
    let big = messages.join("de/errors.ftl");
    let mut text = String::from("label-locale-name = Deutsch\n");
    text.push_str(&"# comment\n".repeat(cap / 10 + 1));
    std::fs::write(&big, &text)?;
    let mut sources: Vec<(PathBuf, PathBuf)> = vec![(messages.clone(), big.clone())];
    #[cfg(unix)]
    if Path::new("/dev/zero").exists() {
        let zero = dir.path().join("zero");
        std::fs::create_dir_all(zero.join("fr"))?;
        let file = zero.join("fr/errors.ftl");
        std::os::unix::fs::symlink("/dev/zero", &file)?;
        // Named directly (in a directory, a file that is not a regular file is skipped).
        sources.push((file.clone(), file));
    }
    for (source, file) in &sources {
        // --messages and $CARTSTORE_MESSAGES alike.
        let by_flag = cli(&db, &["--messages", path_str(source)?, "customer", "get", "--customer", CUSTOMER])?;
        let mut by_env = command(&db, &["customer", "get", "--customer", CUSTOMER]);
        by_env.env("CARTSTORE_MESSAGES", source);
        for out in [by_flag, run(by_env)?] {
            let err = out.error()?;
            assert_eq!(err["code"], 800002, "{err}");
            assert!(description(&err).contains(path_str(file)?), "{err}");
            assert!(description(&err).contains(&cap.to_string()), "{err}");
        }
    }
    // The library's own call, with a text past the cap.
    let mut supplied = cartstore::l10n::Messages::new();
    let err = supplied.add(cartstore::l10n::ResourceKind::Errors, "de", "big.ftl", &text).err().ok_or("accepted")?;
    assert_eq!(invalid(&err), Some(("big.ftl", &InputProblem::TooLong { max: cap })), "{err:?}");

    // A template: the same, at 1 MiB.
    let template = dir.path().join("big.html.j2");
    std::fs::write(&template, "x".repeat(1024 * 1024 + 1))?;
    let mut templates = vec![template];
    #[cfg(unix)]
    if Path::new("/dev/zero").exists() {
        let zero = dir.path().join("zero.html.j2");
        std::os::unix::fs::symlink("/dev/zero", &zero)?;
        templates.push(zero);
    }
    for template in templates {
        let err = cli(
            &db,
            &["quote", "render", "--customer", CUSTOMER, "--quote", &number, "--template", path_str(&template)?],
        )?
        .error()?;
        assert_eq!(err["code"], 800002, "{err}");
        assert!(description(&err).contains(path_str(&template)?) && description(&err).contains("1048576"), "{err}");
    }
    Ok(())
}

// 24.23 Supplied messages do not refer to other messages.

#[test]
fn supplied_messages_referring_to_other_messages_are_refused() -> TestResult {
    use cartstore::MessagesProblem;
    use cartstore::l10n::{Messages, ResourceKind};
    let cases = [
        ("order-800061 = { order-800065 } (storniert)\n", "order-800065"),
        ("order-800061 = Nein.\norder-800065 = { order-800061 }\n", "order-800061"),
        // A cycle.
        ("order-800061 = { order-800065 }\norder-800065 = { order-800061 }\n", "order-800065"),
        ("error-storage = { $kind ->\n   *[other] { label-locale-name }\n}\n", "label-locale-name"),
    ];
    for (source, name) in cases {
        let mut messages = Messages::new();
        let err = messages.add(ResourceKind::Errors, "de", "de/errors.ftl", source).err().ok_or(source)?;
        let Error::InvalidMessages { problem, .. } = &err else { return Err(format!("{err:?}").into()) };
        assert_eq!(problem, &MessagesProblem::Reference { name: name.to_owned() }, "{source}");
        assert!(messages.is_empty());
        // Described in every locale, naming the message referred to.
        for l10n in cartstore::Localizer::all() {
            assert!(l10n.describe(&err).contains(name), "{}: {}", l10n.locale(), l10n.describe(&err));
        }
    }
    Ok(())
}

// 24.24 A messages directory of many locales loads in linear time.

#[test]
fn a_messages_directory_of_many_locales_loads_each_one() -> TestResult {
    use cartstore::l10n::Messages;
    let dir = tempfile::tempdir()?;
    // Two-letter and three-letter language codes: 26 * 26 + 300 locales.
    let mut tags: Vec<String> = Vec::new();
    for a in b'a'..=b'z' {
        for b in b'a'..=b'z' {
            tags.push(format!("{}{}", a as char, b as char));
        }
    }
    tags.extend((0..300).map(|i| format!("q{}{}", (b'a' + (i / 26) as u8) as char, (b'a' + (i % 26) as u8) as char)));
    for tag in &tags {
        std::fs::create_dir(dir.path().join(tag))?;
        std::fs::write(dir.path().join(tag).join("errors.ftl"), format!("label-locale-name = name-{tag}\n"))?;
    }
    let mut messages = Messages::new();
    messages.load(dir.path())?;
    assert_eq!(messages.locales().len(), tags.len());
    for tag in tags.iter().step_by(37) {
        let l10n = messages.negotiate(&[tag.as_str()]);
        assert_eq!(l10n.message("label-locale-name", &[]), format!("name-{tag}"), "{tag}");
    }
    Ok(())
}

// 23.17 The application's own messages reach the quote.

#[test]
fn a_customers_supplied_language_renders_the_quote_with_the_supplied_labels() -> TestResult {
    let (dir, db, number) = db_with_quote()?;
    let messages = dir.path().join("messages");
    std::fs::create_dir_all(messages.join("de"))?;
    std::fs::write(messages.join("de/quote.ftl"), "quote-heading = Angebot\nquote-customer = Kunde\n")?;
    let m = path_str(&messages)?;
    cli(&db, &["customer", "set", "--customer", CUSTOMER, "--language", "de"])?.ok()?;
    let html = cli(&db, &["--messages", m, "quote", "render", "--customer", CUSTOMER, "--quote", &number])?.ok()?;
    assert!(html.contains("Angebot") && html.contains("Kunde"), "no German labels");
    assert!(html.contains("lang=\"de\""), "not marked German");
    // Without the messages: the built-in fallback (English), as before.
    let html = cli(&db, &["quote", "render", "--customer", CUSTOMER, "--quote", &number])?.ok()?;
    assert!(!html.contains("Angebot"));

    // A quote issued by a store with those messages, for a German customer, is German.
    let mut supplied = cartstore::l10n::Messages::new();
    supplied.load(&messages)?;
    let options = StoreOptions { locale: supplied.negotiate(&["en"]), ..StoreOptions::default() };
    let store = Store::open_with(&db, options)?;
    let cart = store.list_carts(CUSTOMER)?.into_iter().next().ok_or("no cart")?;
    let options = cartstore::QuoteOptions {
        price_basis: cartstore::PriceBasis::Markup(rust_decimal::Decimal::from(5)),
        ..cartstore::QuoteOptions::default()
    };
    let quote = store.issue_quote(CUSTOMER, &cart.id, &options)?;
    assert_eq!(quote.locale, "de");
    Ok(())
}

// 24.12 An unsupported ZIP compression is the input's problem, not the database's.

#[test]
fn a_zip_entry_in_an_unsupported_compression_is_refused_as_input_naming_it() -> TestResult {
    use std::io::Write as _;
    let csv = std::fs::read(root().join("examples/pricelist-sample.csv"))?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("prices.csv", stored)?;
    writer.write_all(&csv)?;
    let mut bytes = writer.finish()?.into_inner();
    // Method 12 (bzip2) in the local header (offset 8) and the central directory entry
    // (offset 10 from its signature): the bytes stay as stored, the method is one this build
    // does not read.
    bytes[8..10].copy_from_slice(&12u16.to_le_bytes());
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").ok_or("no central directory")?;
    bytes[central + 10..central + 12].copy_from_slice(&12u16.to_le_bytes());
    let store = Store::open_in_memory()?;
    let err = store.import_price_list(bytes.as_slice()).err().ok_or("imported")?;
    let (field, problem) = invalid(&err).ok_or_else(|| format!("not InvalidInput: {err:?}"))?;
    assert_eq!(problem, &InputProblem::Invalid);
    assert!(field.contains("prices.csv") && field.contains("compression method not supported"), "{field}");
    Ok(())
}
