//! Arguments land in the right places in every language, locale negotiation picks the first
//! available locale, and `Localizer` renders the same from several threads.

use std::sync::Barrier;

use cartstore::l10n::LOCALES;
use cartstore::{CartErrorCode, Localizer, OrderErrorCode};

use super::clean::samples;
use super::{CART_ID, CUSTOMER_ID, FROM, Kind, ORDER_ID, TO, TestResult, code_label, localizer, order_args, report};

#[test]
fn asset_status_change_puts_to_and_from_in_place() -> TestResult {
    let args = [("to", TO), ("from", FROM)];
    let code = OrderErrorCode::AssetStatusChangeNotValid;
    let mut failures = Vec::new();
    for (locale, expected) in [
        ("en", "Asset status cannot be changed to active from suspended."),
        ("fr", "L’état de la ressource ne peut pas être remplacé par active à partir de suspended."),
        ("zh-TW", "資產狀態無法從 suspended 變更為 active。"),
    ] {
        let actual = localizer(locale)?.order_error(code, &args);
        if actual != expected {
            failures.push(format!("800040 in {locale}\n    expected: {expected:?}\n    actual:   {actual:?}"));
        }
    }
    // ja: 「<from> から <to> に変更」 — each status followed by the particle that gives its role.
    let ja = localizer("ja")?.order_error(code, &args);
    let followed_by = |value: &str, particles: &[&str]| {
        ja.split_once(value).is_some_and(|(_, after)| particles.iter().any(|p| after.trim_start().starts_with(p)))
    };
    if !followed_by(FROM, &["から"]) || !followed_by(TO, &["に", "へ"]) {
        failures.push(format!("800040 in ja: expected \"{FROM} から\" and \"{TO} に\", actual: {ja:?}"));
    }
    report("800040 arguments", &failures);
    Ok(())
}

#[test]
fn id_arguments_appear_in_every_language() {
    let cases: [(OrderErrorCode, Vec<String>); 3] = [
        (
            OrderErrorCode::CancelLegacyOrder,
            vec![ORDER_ID.to_owned(), format!("PATCH /customers/{CUSTOMER_ID}/subscriptions/<subscriptionId>")],
        ),
        (OrderErrorCode::CartProcessedByAnotherRequest, vec![CART_ID.to_owned()]),
        (OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered, vec![CART_ID.to_owned()]),
    ];
    let mut failures = Vec::new();
    for loc in Localizer::all() {
        for (code, shows) in &cases {
            let text = loc.order_error(*code, &order_args(*code));
            for value in shows {
                if !text.contains(value.as_str()) {
                    failures.push(format!(
                        "{} in {}: {value:?} missing from {text:?}",
                        code_label(Kind::Order, code.code()),
                        loc.locale()
                    ));
                }
            }
        }
    }
    report("id arguments", &failures);
}

// ---------------------------------------------------------------------------------------------
// 4. Negotiation
// ---------------------------------------------------------------------------------------------

#[test]
fn negotiation_picks_the_first_available_locale() {
    let cases: &[(&[&str], &str)] = &[
        (&["fr-CA"], "fr"),
        (&["fr"], "fr"),
        (&["ja-JP"], "ja"),
        (&["zh-Hant-TW"], "zh-TW"),
        (&["zh-TW"], "zh-TW"),
        (&["zh-Hant"], "zh-TW"),
        (&["de-DE"], "en"),
        (&["not a tag"], "en"),
        (&[], "en"),
        (&["de", "ja"], "ja"),
        (&["en-US"], "en"),
        (&["ja_JP.UTF-8"], "ja"),
        (&["not a tag", "fr-CA", "ja"], "fr"),
    ];
    let mut failures = Vec::new();
    for (requested, expected) in cases {
        let actual = Localizer::negotiate(requested).locale();
        if actual != *expected {
            failures.push(format!("negotiate({requested:?}): expected {expected:?}, actual {actual:?}"));
        }
    }
    for (tag, expected) in
        [("en", Some("en")), ("fr", Some("fr")), ("ja", Some("ja")), ("zh-TW", Some("zh-TW")), ("de", None)]
    {
        let actual = Localizer::for_tag(tag).map(|l| l.locale());
        if actual != expected {
            failures.push(format!("for_tag({tag:?}): expected {expected:?}, actual {actual:?}"));
        }
    }
    report("negotiation", &failures);
}

// ---------------------------------------------------------------------------------------------
// 5. Threads
// ---------------------------------------------------------------------------------------------

fn assert_send_sync_copy<T: Send + Sync + Copy + 'static>() {}

/// Every text of a locale: codes and error descriptions.
fn render_everything(loc: Localizer) -> Vec<String> {
    let mut texts: Vec<String> = CartErrorCode::ALL.iter().map(|c| loc.cart_error(*c)).collect();
    texts.extend(OrderErrorCode::ALL.iter().map(|c| loc.order_error(*c, &order_args(*c))));
    texts.extend(samples().iter().map(|s| loc.describe(&s.error)));
    texts
}

#[test]
fn localizer_renders_the_same_from_four_threads() -> TestResult {
    assert_send_sync_copy::<Localizer>();
    const THREADS: usize = 4;
    const ROUNDS: usize = 10;
    let barrier = Barrier::new(THREADS);
    let results: Vec<Vec<Vec<String>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    let mut last = Vec::new();
                    for round in 0..ROUNDS {
                        // Each thread walks the locales from a different start.
                        let mut locales = Localizer::all();
                        locales.rotate_left((t + round) % LOCALES.len());
                        let mut texts: Vec<(&str, Vec<String>)> =
                            locales.iter().map(|l| (l.locale(), render_everything(*l))).collect();
                        texts.sort_by_key(|(tag, _)| LOCALES.iter().position(|l| l == tag));
                        last = texts.into_iter().map(|(_, t)| t).collect();
                    }
                    last
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Result<Vec<_>, _>>()
    })
    .map_err(|_| "a rendering thread panicked")?;
    let single: Vec<Vec<String>> = Localizer::all().iter().map(|l| render_everything(*l)).collect();
    assert_eq!(results.len(), THREADS);
    for (t, texts) in results.iter().enumerate() {
        assert!(texts == &single, "thread {t} rendered different texts than a single thread");
    }
    Ok(())
}
