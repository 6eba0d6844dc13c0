//! Small statistics toolkit for theme counts in meeting minutes.
//!
//! Takes plain counts — theme hits, token totals, unit (remark) counts,
//! p-values — as slices of `u64`/`f64` and gives finite `f64` results:
//!
//! - [`poisson`]: exact (Garwood) Poisson confidence intervals and 95%
//!   intervals of a rate per 10,000 tokens;
//! - [`bh`]: Benjamini–Hochberg FDR-adjusted p-values (q-values);
//! - [`burst`]: Kleinberg's two-state burst detection over a series of
//!   meetings (hits `r_t` among tokens `d_t`);
//! - [`trend`]: score test (Poisson Cochran–Armitage analogue) for a rising
//!   rate over time, for "emerging terms";
//! - [`cooccur`]: Jaccard, PMI and normalised PMI of two themes.
//!
//! No function panics or returns NaN on edge input (zero counts, zero tokens,
//! empty slices); each documents what it returns then.

pub mod bh;
pub mod burst;
pub mod cooccur;
pub mod poisson;
pub mod trend;

pub use bh::{bh_adjust, bh_reject};
pub use burst::{bursts, Burst, BurstParams};
pub use cooccur::{cooccurrence, Cooccurrence};
pub use poisson::{poisson_interval, rate_interval, RateIntervals};
pub use trend::{normal_sf, rate_trend, Trend};
