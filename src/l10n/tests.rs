//! Unit tests of the catalogs and of the helpers of supplied messages.

use super::supplied::*;
use super::*;
use fluent_bundle::FluentResource;

#[test]
fn catalogs_have_every_message() {
    assert_eq!(catalog_problems(), Vec::<String>::new());
}

#[test]
fn an_id_defined_twice_is_reported() {
    let problems = resource_problems("en", "cart-10000 = one\ncart-10001 = two\ncart-10000 = again\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("cart-10000"), "{problems:?}");
    assert!(resource_problems("en", "cart-10000 = one\n").is_empty());
    assert!(!resource_problems("en", "cart-10000 = { $x\n").is_empty());
}

#[test]
fn localizer_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    fn copy<T: Copy>() {}
    check::<Localizer>();
    copy::<Localizer>();
    check::<Bundle>();
}

#[test]
fn junk_ids_and_lines() {
    assert_eq!(junk_id("order-800065 = { $cartId"), Some("order-800065".to_owned()));
    assert_eq!(junk_id("  = nothing"), None);
    assert_eq!(junk_id("just text"), None);
    assert_eq!(line_at("a\nb\nc", 0), 1);
    assert_eq!(line_at("a\nb\nc", 4), 3);
}

#[test]
fn chains_end_in_english() {
    let supplied = |tag: &str| Supplied {
        kind: ResourceKind::Errors,
        tag: tag.to_owned(),
        name: format!("{tag}.ftl"),
        source: "label-locale-name = x".to_owned(),
        ids: vec!["label-locale-name".to_owned()],
    };
    let layered = Layered::build(&[supplied("pt"), supplied("pt-BR"), supplied("de")]);
    let tags = |i: usize| -> Vec<&str> {
        let tag = |j: &usize| layered.layers.get(*j).map_or("?", |l| l.tag.as_str());
        layered.layers.get(i).map_or_else(Vec::new, |layer| layer.chain.iter().map(tag).collect())
    };
    // A tag without a layer indexes past the end, which `tags` then reports as an empty chain.
    let index = |tag: &str| layered.layers.iter().position(|l| l.tag == tag).unwrap_or(usize::MAX);
    assert_eq!(tags(index("pt-BR")), ["pt-BR", "pt", "en"]);
    assert_eq!(tags(index("de")), ["de", "en"]);
    assert_eq!(tags(index("fr")), ["fr", "en"]);
    assert_eq!(tags(index("en")), ["en"]);
    assert_eq!(tags(index("zh-TW")), ["zh-TW", "en"]);
}

/// Problems found in the compiled-in catalogs: Fluent parse errors, ids defined twice in one
/// catalog, and ids a locale lacks. Empty in a correct build; the unit tests assert so.
fn catalog_problems() -> Vec<String> {
    let mut problems = Vec::new();
    for (tag, source) in LOCALES.iter().zip(SOURCES) {
        problems.extend(resource_problems(tag, source));
    }
    for (tag, source) in LOCALES.iter().zip(QUOTE_SOURCES) {
        problems.extend(resource_problems(tag, source));
    }
    for id in message_ids().into_iter().chain(QUOTE_MESSAGE_IDS.map(String::from)) {
        for (index, tag) in LOCALES.iter().enumerate() {
            if !bundle(index, &id).is_some_and(|bundle| bundle.has_message(&id)) {
                problems.push(format!("{tag}: missing message {id}"));
            }
        }
    }
    // A quote label is looked up in quote.ftl and every other message in errors.ftl, each
    // catalog in a bundle of its own: each holds its own ids only, and a term one of them
    // uses is its own.
    for (kind, sources) in [("errors.ftl", &SOURCES), ("quote.ftl", &QUOTE_SOURCES)] {
        for (tag, source) in LOCALES.iter().zip(sources.iter()) {
            let resource = parse_resource(source);
            let mut terms = Vec::new();
            for entry in resource.entries() {
                match entry {
                    fluent_syntax::ast::Entry::Message(message) => {
                        let id = message.id.name;
                        if id.starts_with("quote-") != (kind == "quote.ftl") {
                            problems.push(format!("{tag}: {kind} defines {id}, which the other catalog holds"));
                        }
                    }
                    fluent_syntax::ast::Entry::Term(term) => terms.push(term.id.name),
                    _ => {}
                }
            }
            for used in source.split("{ -").skip(1).filter_map(|rest| rest.split([' ', '}', '(', '.']).next()) {
                if !terms.contains(&used) {
                    problems.push(format!("{tag}: {kind} uses the term -{used}, which it does not define"));
                }
            }
        }
    }
    problems
}

/// The parse errors of one catalog and the ids it defines more than once (adding it to a
/// bundle reports each repeated definition as an override).
fn resource_problems(tag: &str, source: &str) -> Vec<String> {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            let mut problems: Vec<String> = errors.iter().map(|e| format!("{tag}: parse error {e:?}")).collect();
            problems.extend(resource_problems_of(tag, resource));
            return problems;
        }
    };
    resource_problems_of(tag, resource)
}

fn resource_problems_of(tag: &str, resource: FluentResource) -> Vec<String> {
    let mut bundle = new_bundle(tag.parse().unwrap_or_default());
    match bundle.add_resource(resource) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(|e| format!("{tag}: {e:?}")).collect(),
    }
}

/// What a message renders when every argument is given to Fluent, as it was before
/// [`read_args`] gave only those it reads.
fn with_every_argument(bundle: &Bundle, id: &str, args: &[(&str, &str)]) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::String(Cow::Borrowed(*value)));
    }
    Some(bundle.format_pattern(pattern, Some(&fluent_args), &mut Vec::new()).into_owned())
}

#[test]
fn only_the_arguments_a_message_reads_are_given_and_its_text_is_the_same() {
    // Every shape of pattern that reads a variable.
    let source = r#"
greeting = Hallo { $name }!
selected = { $count ->
    [one] ein { $what }
   *[other] { $count } { $what }
}
called = { NUMBER($n, minimumFractionDigits: 2) } Stück, { OTHER($digits) }
nested = ({ { $deep } })
referencing = { greeting } und { $own }
-brand = Cartstore { $own }
termed = { -brand(own: "1") } { $own }
plain = Nichts zu lesen.
"#;
    let mut bundle = new_bundle("de".parse().unwrap_or_default());
    let _ = bundle.add_resource(parse_resource(source));
    let args = [
        ("name", "Ada"),
        ("count", "2"),
        ("what", "Wagen"),
        ("n", "3"),
        ("digits", "2"),
        ("deep", "tief"),
        ("own", "eigen"),
        ("unread", "x"),
    ];
    let rendered = |id: &str| {
        let pattern = bundle.get_message(id).and_then(|m| m.value())?;
        Some(bundle.format_pattern(pattern, read_args(pattern, &args).as_ref(), &mut Vec::new()).into_owned())
    };
    for id in ["greeting", "selected", "called", "nested", "referencing", "termed", "plain"] {
        assert_eq!(rendered(id), with_every_argument(&bundle, id, &args), "{id}");
    }
    assert_eq!(rendered("greeting").as_deref(), Some("Hallo Ada!"));
    assert_eq!(rendered("selected").as_deref(), Some("2 Wagen"));
    assert_eq!(rendered("nested").as_deref(), Some("(tief)"));
    assert_eq!(rendered("referencing").as_deref(), Some("Hallo Ada! und eigen"));

    // What each pattern is found to read.
    let read = |id: &str| {
        let mut read = Variables::default();
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            walk(pattern, &mut read);
        }
        args.iter().filter(|(name, _)| read.reads(name)).map(|(name, _)| *name).collect::<Vec<_>>()
    };
    assert_eq!(read("greeting"), ["name"]);
    assert_eq!(read("selected"), ["count", "what"]);
    assert_eq!(read("called"), ["n", "digits"]);
    assert_eq!(read("nested"), ["deep"]);
    assert_eq!(read("plain"), Vec::<&str>::new());
    assert_eq!(read("referencing").len(), args.len(), "another message may read any");
    assert_eq!(read("termed").len(), args.len(), "a term may read any");
    let plain = bundle.get_message("plain").and_then(|m| m.value());
    assert!(plain.is_some_and(|pattern| read_args(pattern, &args).is_none()));
}

#[test]
fn a_supplied_description_reads_its_arguments_among_others() -> Result<(), Error> {
    let mut messages = Messages::new();
    messages.add(ResourceKind::Errors, "de", "de/errors.ftl", "order-800065 = Warenkorb { $cartId } übermittelt.")?;
    let de = messages.negotiate(&["de"]);
    let args = [("orderId", "o-1"), ("cartId", "c-1"), ("customerId", "k-1")];
    assert_eq!(
        de.order_error(OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered, &args),
        "Warenkorb c-1 übermittelt."
    );
    Ok(())
}

#[test]
fn every_built_in_description_reads_what_it_did_with_every_argument() {
    // Every variable the built-in catalogs name, and one they do not.
    let names = [
        "resource",
        "field",
        "line",
        "cartId",
        "id",
        "detail",
        "path",
        "limit",
        "description",
        "reason",
        "orderId",
        "name",
        "lineId",
        "catalogItemId",
        "variable",
        "to",
        "tag",
        "supported",
        "submissionId",
        "status",
        "server",
        "quoteNumber",
        "names",
        "from",
        "found",
        "endpoint",
        "customerId",
        "count",
        "code",
        "unread",
    ];
    let args: Vec<(&str, &str)> = names.iter().map(|name| (*name, "⟨value⟩")).collect();
    for (index, tag) in LOCALES.iter().enumerate() {
        let localizer = Localizer::for_tag(tag).unwrap_or_default();
        for id in message_ids() {
            let Some(bundle) = bundle(index, &id) else { continue };
            if let Some(expected) = with_every_argument(bundle, &id, &args) {
                assert_eq!(localizer.message(&id, &args), expected, "{tag} {id}");
            }
        }
    }
}

#[test]
fn each_part_of_a_catalog_renders_its_messages_as_the_whole_catalog_does() {
    let names = ["cartId", "orderId", "customerId", "to", "from", "field", "line", "id", "detail", "count", "code"];
    let args: Vec<(&str, &str)> = names.iter().map(|name| (*name, "⟨value⟩")).collect();
    for (index, (tag, source)) in LOCALES.iter().zip(SOURCES).enumerate() {
        let mut whole = new_bundle(tag.parse().unwrap_or_default());
        let _ = whole.add_resource(parse_resource(source));
        let cart_codes = bundle(index, "cart-0");
        let errors = bundle(index, "error-storage");
        for id in message_ids() {
            let part = bundle(index, &id);
            assert!(part.is_some_and(|part| part.has_message(&id)), "{tag} {id}");
            let other = if id.starts_with("cart-") { errors } else { cart_codes };
            assert!(other.is_some_and(|other| !other.has_message(&id)), "{tag} {id} is in both parts");
            let rendered = part.and_then(|part| with_every_argument(part, &id, &args));
            assert_eq!(rendered, with_every_argument(&whole, &id, &args), "{tag} {id}");
        }
    }
}

#[test]
fn entries_are_split_where_fluent_starts_one() {
    let source = "# a comment\n-term = T\nkeep-one = { $n ->\n    [one] one\n   *[other] many\n}\nskip = S\n    continued\n\nkeep-two =\n    two\n";
    assert_eq!(
        entries(source, |id| id.starts_with("keep")),
        "-term = T\nkeep-one = { $n ->\n    [one] one\n   *[other] many\n}\nkeep-two =\n    two\n"
    );
    assert_eq!(entries(source, |id| id == "skip"), "-term = T\nskip = S\n    continued\n\n");
}
