//! Catalog search: words and prefixes, case and accents, best match first, filters, paging.

use cartstore::{BillingCycleType, CatalogItem, CatalogQuery, Collection, CustomerSegment, Store};

use super::{TestResult, real_file, sample, store_at};

/// A store with the real file (or the sample); the Business Basic id.
fn searchable() -> TestResult<(Store, &'static str)> {
    let (store, _) = store_at("2025-12-01T00:00:00Z")?;
    Ok(match real_file() {
        Some(path) => {
            store.import_price_list(std::fs::File::open(path)?)?;
            (store, "CFQ7TTC0LH18:0001")
        }
        None => {
            store.import_price_list(sample()?.as_slice())?;
            (store, "SAMPLE000001:0001")
        }
    })
}

fn search(store: &Store, query: CatalogQuery) -> TestResult<Collection<CatalogItem>> {
    Ok(store.search_catalog(&query)?)
}

fn text(text: &str) -> CatalogQuery {
    CatalogQuery { text: Some(text.into()), ..CatalogQuery::default() }
}

fn first(page: &Collection<CatalogItem>) -> Option<&str> {
    page.items.first().map(|i| i.catalog_item_id.as_str())
}

#[test]
fn words_and_prefixes_find_the_best_match_first_whatever_the_case_and_accents() -> TestResult {
    crate::backends::each(
        "prices::search::words_and_prefixes_find_the_best_match_first_whatever_the_case_and_accents",
        || {
            let (store, basic) = searchable()?;
            let words = if basic.starts_with("CFQ") {
                ["business basic", "busi bas", "BÚSÍNESS  Básic", "microsoft 365 business basic"]
            } else {
                ["contoso business basic", "cont busi bas", "CÖNTOSO BÚSINESS básic", "business basic contoso"]
            };
            let expected = search(&store, text(words[0]))?;
            assert_eq!(first(&expected), Some(basic));
            assert_eq!(
                expected.items[0].title.as_deref(),
                Some(if basic.starts_with("CFQ") { "Microsoft 365 Business Basic" } else { "Contoso Business Basic" })
            );
            for words in &words[1..] {
                assert_eq!(first(&search(&store, text(words))?), Some(basic), "{words}");
            }
            // Ids and descriptions are searched too; a word nothing holds finds nothing.
            assert_eq!(first(&search(&store, text(basic))?), Some(basic));
            let product = basic.split(':').next().ok_or("no product")?;
            assert!(search(&store, text(product))?.items.iter().all(|i| i.catalog_item_id.starts_with(product)));
            assert_eq!(search(&store, text("zzyzx"))?.total_count, 0);
            // Operators are plain words.
            assert_eq!(
                search(&store, text("\"business\" AND NEAR( -basic:"))?.total_count,
                search(&store, text("business and near basic"))?.total_count
            );
            // JSON catalog items are indexed as well, on import: found by the availability id only
            // they carry, and among the matches of their title's words.
            let catalog: cartstore::Catalog = serde_json::from_str(&std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/catalog.json"
            ))?)?;
            store.import_catalog(&catalog)?;
            assert_eq!(first(&search(&store, text("cfq7ttc0vzw5"))?), Some("CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5"));
            let matches = search(&store, CatalogQuery { page_size: Some(1000), ..text("business basic") })?;
            assert!(matches.items.iter().any(|i| i.catalog_item_id == "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5"));
            Ok(())
        },
    )
}

#[test]
fn filters_keep_the_items_with_a_passing_term_and_show_only_those_terms() -> TestResult {
    crate::backends::each(
        "prices::search::filters_keep_the_items_with_a_passing_term_and_show_only_those_terms",
        || {
            let (store, basic) = searchable()?;
            let all = search(&store, text("basic"))?;
            let annual = search(
                &store,
                CatalogQuery {
                    billing_cycle: Some(BillingCycleType::Annual),
                    term_duration: Some("p1y".into()),
                    currency_code: Some("usd".into()),
                    ..text("basic")
                },
            )?;
            assert!(annual.total_count > 0 && annual.total_count <= all.total_count);
            for item in &annual.items {
                assert!(!item.terms.is_empty(), "{}", item.catalog_item_id);
                assert!(
                    item.terms.iter().all(|t| t.billing_cycle == Some(BillingCycleType::Annual)
                        && t.term_duration.as_deref() == Some("P1Y"))
                );
            }
            let basic_annual = annual.items.iter().find(|i| i.catalog_item_id == basic).ok_or("no business basic")?;
            assert_eq!(basic_annual.terms.len(), 1);
            assert_eq!(basic_annual.terms[0].list_price.map(|p| p.to_string()).as_deref(), Some("57.6"));
            assert_eq!(basic_annual.terms[0].erp_price.map(|p| p.to_string()).as_deref(), Some("72"));
            // Segment: what a customer of it may buy, that segment's SKUs and the commercial ones.
            let segment = if basic.starts_with("CFQ") { CustomerSegment::Charity } else { CustomerSegment::Education };
            let reserved = search(&store, CatalogQuery { segment: Some(segment), ..text("basic") })?;
            assert!(reserved.total_count > 0);
            let for_them =
                |s: Option<CustomerSegment>| matches!(s, Some(s) if s == segment || s == CustomerSegment::Commercial);
            assert!(reserved.items.iter().all(|i| for_them(i.segment)));
            assert!(reserved.items.iter().any(|i| i.segment == Some(segment)));
            assert!(
                reserved.items.iter().any(|i| i.catalog_item_id == basic),
                "a commercial SKU is for every customer"
            );
            assert!(reserved.items.iter().flat_map(|i| &i.terms).all(|t| for_them(t.segment)));
            // Currency: none in yen.
            assert_eq!(
                search(&store, CatalogQuery { currency_code: Some("jpy".into()), ..text("basic") })?.total_count,
                0
            );
            Ok(())
        },
    )
}

#[test]
fn pages_follow_their_continuation_tokens() -> TestResult {
    crate::backends::each("prices::search::pages_follow_their_continuation_tokens", || {
        let (store, _) = searchable()?;
        let whole = search(&store, CatalogQuery { page_size: Some(1000), ..text("basic") })?;
        assert!(whole.continuation_token.is_none());
        let mut seen = Vec::new();
        let mut query = CatalogQuery { page_size: Some(3), ..text("basic") };
        loop {
            let page = search(&store, query.clone())?;
            assert_eq!(page.total_count, whole.total_count);
            assert!(page.items.len() <= 3);
            seen.extend(page.items.into_iter().map(|i| i.catalog_item_id));
            match page.continuation_token {
                Some(token) => query.continuation = Some(token),
                None => break,
            }
        }
        let expected: Vec<String> = whole.items.into_iter().map(|i| i.catalog_item_id).collect();
        assert_eq!(seen, expected);
        // No text: every item, by id.
        let everything = search(&store, CatalogQuery::default())?;
        assert_eq!(everything.total_count as usize, store.list_catalog()?.items.len());
        // Bad paging is refused.
        assert!(search(&store, CatalogQuery { page_size: Some(0), ..CatalogQuery::default() }).is_err());
        assert!(
            search(&store, CatalogQuery { continuation: Some("o1.33".into()), ..CatalogQuery::default() }).is_err()
        );
        let json = serde_json::to_value(search(&store, CatalogQuery { page_size: Some(1), ..text("basic") })?)?;
        assert_eq!(json["attributes"]["objectType"], "Collection");
        assert!(json["continuationToken"].is_string());
        Ok(())
    })
}
