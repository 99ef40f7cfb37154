//! Median, percentiles and spread of a set of samples: the discovery
//! benchmark's `Spread`, plus the count and the 95th percentile.

use aurora_bench::stats as spread;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub min: f64,
    pub median: f64,
    pub p95: f64,
    pub max: f64,
}

impl Summary {
    pub fn of(samples: impl IntoIterator<Item = f64>) -> Option<Summary> {
        let mut v: Vec<f64> = samples.into_iter().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(|a, b| a.total_cmp(b));
        let n = v.len();
        // Nearest rank: the smallest sample with at least 95% of the samples at or below it.
        let p95 = v[((0.95 * n as f64).ceil() as usize).clamp(1, n) - 1];
        let spread = spread::Spread::of(v)?;
        Some(Summary {
            n,
            min: spread.min,
            median: spread.median,
            p95,
            max: spread.max,
        })
    }
}
