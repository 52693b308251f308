//! The catalog cache every backend keeps beside its connection (behind the store's one lock):
//! catalog items between calls, good while the store's catalog version is what it was when they
//! were read (every import, from any connection, moves it on in the same transaction).
//! Inventory is the exception: checkouts change it without an import, so a limited item's
//! inventory is read again on every use (an unlimited item stays unlimited until an import).
//! The policy is here once; a backend only answers [`CatalogRows`].

use std::collections::HashMap;
use std::sync::Arc;

use super::Items;
use crate::error::Result;
use crate::model::CatalogItem;

/// What the cache asks of a backend, inside the current transaction.
pub(crate) trait CatalogRows {
    /// The store's catalog version now.
    fn catalog_version(&mut self) -> Result<i64>;
    /// Item `id`'s inventory now: `None` when the item is gone, `Some(None)` when unlimited.
    fn inventory(&mut self, id: &str) -> Result<Option<Option<i64>>>;
    /// Item `id` (resolved as a line's id is), with everything it offers.
    fn item(&mut self, id: &str) -> Result<Option<CatalogItem>>;
}

/// The most items a [`Cache`] holds; past it, it starts again empty.
const CACHE_CAPACITY: usize = 4096;

/// Catalog items kept between calls, with the catalog version they were read at.
#[derive(Default)]
pub(crate) struct Cache {
    version: Option<i64>,
    items: HashMap<String, Arc<CatalogItem>>,
}

impl std::fmt::Debug for Cache {
    /// The version and the number of items (a `Store`'s `Debug` output stays short).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("version", &self.version).field("items", &self.items.len()).finish()
    }
}

impl Cache {
    /// The items named, keyed by id (ids the catalog lacks left out): one read of the catalog
    /// version, one per limited item for its inventory, and the full read only for items not
    /// cached yet.
    pub(crate) fn get_many<'a>(
        &mut self,
        rows: &mut impl CatalogRows,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<Items> {
        let version = rows.catalog_version()?;
        if self.version != Some(version) {
            self.items.clear();
            self.version = Some(version);
        }
        let mut out = HashMap::new();
        for id in ids {
            if out.contains_key(id) {
                continue;
            }
            let item = match self.items.get_mut(id) {
                Some(item) => {
                    if item.inventory.is_some() {
                        let Some(inventory) = rows.inventory(&item.catalog_item_id)? else {
                            self.items.remove(id);
                            continue;
                        };
                        if inventory != item.inventory {
                            Arc::make_mut(item).inventory = inventory;
                        }
                    }
                    Arc::clone(item)
                }
                None => {
                    let Some(item) = rows.item(id)? else { continue };
                    if self.items.len() >= CACHE_CAPACITY {
                        self.items.clear();
                    }
                    let item = Arc::new(item);
                    self.items.insert(id.to_owned(), Arc::clone(&item));
                    item
                }
            };
            out.insert(id.to_owned(), item);
        }
        Ok(out)
    }
}
