//! Importing price lists: counts, idempotence, history, and bad input.

use super::{TestResult, real_file, sample, store_at};

#[test]
fn scratch() -> TestResult {
    let (store, _) = store_at("2025-12-01T00:00:00Z")?;
    let bytes = std::fs::read(real_file().ok_or("no file")?)?;
    let t = std::time::Instant::now();
    let report = store.import_price_list(bytes.as_slice())?;
    eprintln!("{:?} {:?}", report, t.elapsed());
    let t = std::time::Instant::now();
    let report = store.import_price_list(bytes.as_slice())?;
    eprintln!("{:?} {:?}", report, t.elapsed());
    for text in ["business basic", "busi bas", "BÚSÍNESS básic"] {
        let page = store.search_catalog(&cartstore::CatalogQuery { text: Some(text.into()), page_size: Some(5), ..Default::default() })?;
        eprintln!("{text}: {} {:?}", page.total_count, page.items.iter().map(|i| (i.catalog_item_id.clone(), i.title.clone())).collect::<Vec<_>>());
    }
    let _ = sample;
    Ok(())
}
