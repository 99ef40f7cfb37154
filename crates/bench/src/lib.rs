//! What Aurora's two benchmarks share: the discovery benchmark (`aurora-bench`, src/main.rs)
//! and the app benchmark (`cargo bench -p aurora-bench --bench app`, benches/app/) describe
//! the machine and summarize samples alike.

pub mod machine;
pub mod stats;
