//! What the process's standard output was before Rust's runtime started.
//!
//! Rust's runtime, before `main`, replaces a closed standard stream (`cartstore >&-`) with
//! `/dev/null` opened read-write, so that no file the program opens later takes its number.
//! From `main` on, that is indistinguishable from a standard output a parent opened on
//! `/dev/null` itself (Python's `subprocess.DEVNULL`, Node's `stdio: 'ignore'`, systemd's
//! `StandardOutput=null`: all read-write too), which is a normal way to discard output. So
//! the one place that can tell is before the runtime: [`probe`] runs from the executable's
//! `.init_array` (as C constructors do), on Linux, and records whether descriptor 1 was open.
//!
//! This module holds the only `unsafe` of the core package (the `link_section` attribute,
//! which puts the probe in `.init_array`); the library itself forbids `unsafe` code.
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether descriptor 1 was closed when the process started (set by [`probe`]).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether standard output was really closed when cartstore started (`>&-`), as opposed to
/// opened on `/dev/null` or anything else. Always false where the probe does not run (not
/// Linux, or no `/proc`).
pub fn stdout_was_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// The probe's entry in `.init_array`: the dynamic loader calls it before `main` and before
/// Rust's runtime initialization (which is where closed standard streams are replaced).
// SAFETY: `.init_array` holds pointers to functions the loader calls once at start-up with
// the C calling convention; `probe` is such a function, takes no arguments it reads, never
// unwinds (it calls nothing that panics) and only reads the file system and stores a flag.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static PROBE: extern "C" fn() = probe;

/// Records whether descriptor 1 is open: `/proc/self/fd/1` exists exactly when it is. When
/// `/proc/self/fd` itself cannot be read, nothing is known and nothing is recorded.
#[cfg(target_os = "linux")]
extern "C" fn probe() {
    let proc_fd = std::fs::metadata("/proc/self/fd").is_ok_and(|m| m.is_dir());
    let missing = std::fs::symlink_metadata("/proc/self/fd/1").is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    STDOUT_CLOSED.store(proc_fd && missing, Ordering::Relaxed);
}
