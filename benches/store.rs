//! Criterion benchmarks (filled by the benchmarks issue).
fn main() {}
