//! A fresh store for each run of a fuzz target: a copy of a migrated template file in
//! `/dev/shm` (or the temporary directory), not an in-memory store migrated anew. Migrating is
//! most of the cost of a small run (about 22 runs a second for the price-list target), and a
//! copy is many times cheaper (about 250).

use std::path::PathBuf;
use std::sync::OnceLock;

use cartstore::Store;

/// A migrated, empty store's file, and where the runs' stores go.
struct Template {
    bytes: Vec<u8>,
    run: PathBuf,
}

fn template() -> Option<&'static Template> {
    static TEMPLATE: OnceLock<Option<Template>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let shm = PathBuf::from("/dev/shm");
            let base = if shm.is_dir() { shm } else { std::env::temp_dir() };
            // The directories of earlier runs whose process is gone (libFuzzer ends with
            // `exit`, which runs no destructor) are removed first.
            if let Ok(entries) = std::fs::read_dir(&base) {
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let pid = name.to_str().and_then(|n| n.strip_prefix("cartstore-fuzz-"));
                    if pid.is_some_and(|pid| !PathBuf::from("/proc").join(pid).exists()) {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                }
            }
            let dir = base.join(format!("cartstore-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).ok()?;
            let path = dir.join("template.db");
            let _ = std::fs::remove_file(&path);
            // Closed at once: its write-ahead log is checkpointed into the file.
            drop(Store::open(&path).ok()?);
            let bytes = std::fs::read(&path).ok()?;
            Some(Template { bytes, run: dir.join("run.db") })
        })
        .as_ref()
}

/// A fresh store: the template's bytes written over the last run's file.
pub fn fresh_store() -> Option<Store> {
    let template = template()?;
    for suffix in ["-wal", "-shm"] {
        let mut side = template.run.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::write(&template.run, &template.bytes).ok()?;
    Store::open(&template.run).ok()
}
