//! The `cartstore` command-line tool.
fn main() {}
