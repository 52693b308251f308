//! The table of open stores. A handle is a key into it, never a pointer that is dereferenced:
//! a closed or made-up handle is simply not found (status 3), a handle is never reused (keys
//! only grow), and closing takes the store out of the table while calls in flight keep it
//! alive through their own `Arc` until they return.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use cartstore::Store;

use crate::cartstore_store;

static OPEN: RwLock<BTreeMap<usize, Arc<Store>>> = RwLock::new(BTreeMap::new());

/// The next key. Handles look like aligned addresses (multiples of 16, from 0x10000) so that
/// they are not mistaken for small integers; 2^60 opens would be needed to wrap.
static NEXT: AtomicUsize = AtomicUsize::new(0x1000);

/// Registers an open store and returns its new handle.
pub(crate) fn insert(store: Store) -> *mut cartstore_store {
    let key = NEXT.fetch_add(1, Ordering::Relaxed).wrapping_mul(16);
    OPEN.write().unwrap_or_else(PoisonError::into_inner).insert(key, Arc::new(store));
    std::ptr::without_provenance_mut(key)
}

/// The store of a handle, if it is open.
pub(crate) fn get(handle: *const cartstore_store) -> Option<Arc<Store>> {
    OPEN.read().unwrap_or_else(PoisonError::into_inner).get(&handle.addr()).cloned()
}

/// Takes a handle's store out of the table; the caller drops it outside the lock.
pub(crate) fn remove(handle: *mut cartstore_store) -> Option<Arc<Store>> {
    OPEN.write().unwrap_or_else(PoisonError::into_inner).remove(&handle.addr())
}
