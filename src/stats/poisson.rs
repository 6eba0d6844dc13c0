//! Exact (Garwood) confidence intervals for Poisson counts and per-10k-token rates.

use statrs::distribution::{ContinuousCDF, Gamma, Normal};

/// Confidence level used by [`rate_interval`].
pub const DEFAULT_LEVEL: f64 = 0.95;

/// Rates are reported per this many tokens.
pub const PER_TOKENS: f64 = 10_000.0;

/// Highest accepted confidence level; larger values are clamped to it so the
/// upper bound stays finite.
const MAX_LEVEL: f64 = 1.0 - 1e-12;

/// Above this shape the gamma quantile is taken from the Wilson–Hilferty
/// approximation (relative error far below 1e-6 there) instead of root finding.
const WH_SHAPE: f64 = 1e7;

/// Exact two-sided (Garwood 1936) confidence interval for a Poisson mean,
/// given the observed count `k`.
///
/// - lower = 0 when `k == 0`, else the `(1 - level) / 2` quantile of
///   Gamma(shape = k, rate = 1) (equivalently the chi²(2k) quantile / 2);
/// - upper = the `1 - (1 - level) / 2` quantile of Gamma(shape = k + 1, rate = 1).
///
/// `level` is clamped to `[0, 1 - 1e-12]`; a NaN level means 0.95. The result
/// is always finite and satisfies `lower <= k <= upper`.
pub fn poisson_interval(k: u64, level: f64) -> (f64, f64) {
    let level = if level.is_nan() {
        DEFAULT_LEVEL
    } else {
        level.clamp(0.0, MAX_LEVEL)
    };
    let tail = (1.0 - level) / 2.0;
    let kf = k as f64;
    let lower = if k == 0 {
        0.0
    } else {
        gamma_quantile(kf, tail)
    };
    let upper = gamma_quantile(kf + 1.0, 1.0 - tail);
    // Guard the documented invariant against last-ulp solver noise.
    (lower.min(kf), upper.max(kf))
}

/// The 95% exact interval of the rate `hits / tokens`, expressed per 10,000
/// tokens, each bound rounded to 6 decimals. Returns `(0.0, 0.0)` when
/// `tokens == 0` (no exposure, no information).
pub fn rate_interval(hits: u64, tokens: u64) -> (f64, f64) {
    if tokens == 0 {
        return (0.0, 0.0);
    }
    per_tokens(poisson_interval(hits, DEFAULT_LEVEL), tokens)
}

/// An interval of a count as a rate per [`PER_TOKENS`] of `tokens` (> 0), rounded.
fn per_tokens((lo, hi): (f64, f64), tokens: u64) -> (f64, f64) {
    let scale = PER_TOKENS / tokens as f64;
    (round6(lo * scale), round6(hi * scale))
}

/// Rounds to 6 decimal places.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Quantile of Gamma(shape, rate = 1) at probability `p` in `(0, 1)`.
/// Falls back to Wilson–Hilferty if the solver is unavailable or not finite.
fn gamma_quantile(shape: f64, p: f64) -> f64 {
    if shape < WH_SHAPE {
        if let Ok(g) = Gamma::new(shape, 1.0) {
            let q = g.inverse_cdf(p);
            if q.is_finite() {
                return q;
            }
        }
    }
    wilson_hilferty(shape, p)
}

/// Wilson–Hilferty approximation to the Gamma(shape, 1) quantile.
fn wilson_hilferty(shape: f64, p: f64) -> f64 {
    let z = Normal::standard().inverse_cdf(p.clamp(1e-300, 1.0 - 1e-16));
    let c = 1.0 / (9.0 * shape);
    let q = shape * (1.0 - c + z * c.sqrt()).powi(3);
    if q.is_finite() {
        q.max(0.0)
    } else {
        shape
    }
}

/// [`rate_interval`] for many rates: each count's interval is computed once (each takes a root
/// search), so a table or chart of many meetings pays for its distinct counts only.
#[derive(Debug, Clone, Default)]
pub struct RateIntervals {
    by_count: Vec<Option<(f64, f64)>>,
}

impl RateIntervals {
    /// The 95% interval of `hits` per 10,000 of `tokens`, rounded as [`rate_interval`] rounds.
    pub fn rate(&mut self, hits: u64, tokens: u64) -> (f64, f64) {
        if tokens == 0 {
            return (0.0, 0.0);
        }
        let v = match self.by_count.get(hits as usize) {
            Some(Some(v)) => *v,
            _ => {
                let v = poisson_interval(hits, DEFAULT_LEVEL);
                if hits < 1 << 16 {
                    if self.by_count.len() <= hits as usize {
                        self.by_count.resize(hits as usize + 1, None);
                    }
                    self.by_count[hits as usize] = Some(v);
                }
                v
            }
        };
        per_tokens(v, tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact 95% Poisson limits (Garwood 1936, Biometrika 28:437–442) as they
    /// appear in the standard published tables, e.g. Ulm (1990), Am. J.
    /// Epidemiol. 131:373–375; Sahai & Khurshid (1993), Biom. J. 35:857–867.
    /// (k, lower, lower decimals, upper, upper decimals)
    const TABLE: [(u64, f64, i32, f64, i32); 5] = [
        (0, 0.0, 4, 3.689, 3),
        (1, 0.0253, 4, 5.572, 3),
        (2, 0.2422, 4, 7.225, 3),
        (5, 1.6235, 4, 11.668, 3),
        (10, 4.7954, 4, 18.390, 3),
    ];

    #[test]
    fn matches_published_table() {
        for (k, lo, lo_dp, hi, hi_dp) in TABLE {
            let (l, h) = poisson_interval(k, 0.95);
            // Agree to the table's precision (half a unit in its last place).
            assert!(
                (l - lo).abs() <= 0.5 * 10f64.powi(-lo_dp),
                "k={k} lower {l}"
            );
            assert!(
                (h - hi).abs() <= 0.5 * 10f64.powi(-hi_dp),
                "k={k} upper {h}"
            );
        }
    }

    #[test]
    fn closed_forms_for_small_k() {
        // k = 0: upper = -ln(0.025); k = 1: lower = -ln(0.975).
        let (l0, h0) = poisson_interval(0, 0.95);
        assert_eq!(l0, 0.0);
        assert!((h0 - (-(0.025f64).ln())).abs() < 1e-9);
        let (l1, _) = poisson_interval(1, 0.95);
        assert!((l1 - (-(0.975f64).ln())).abs() < 1e-9);
    }

    #[test]
    fn rate_interval_scales_and_rounds() {
        // 5 hits in 20,000 tokens: table interval (1.6235, 11.668) / 2.
        let (l, h) = rate_interval(5, 20_000);
        let (pl, ph) = poisson_interval(5, 0.95);
        assert_eq!(l, round6(pl / 2.0));
        assert_eq!(h, round6(ph / 2.0));
        assert!((l - 0.81175).abs() < 1e-4 && (h - 5.834).abs() < 1e-3);
        // Same rate, 10x the data: narrower interval around 2.5.
        let (l2, h2) = rate_interval(50, 200_000);
        assert!(l < l2 && l2 < 2.5 && 2.5 < h2 && h2 < h);
        // Rounded to 6 decimals.
        assert_eq!(l, (l * 1e6).round() / 1e6);
    }

    #[test]
    fn rate_interval_edge_cases() {
        assert_eq!(rate_interval(0, 0), (0.0, 0.0));
        assert_eq!(rate_interval(7, 0), (0.0, 0.0));
        let (l, h) = rate_interval(0, 10_000);
        assert_eq!(l, 0.0);
        assert!((h - 3.688879).abs() < 1e-6);
    }

    #[test]
    fn contains_k_and_monotone_in_k() {
        let ks = (0..200u64).chain([1_000, 10_000, 123_456, 10_000_000, 1 << 40]);
        let mut prev: Option<(f64, f64)> = None;
        for k in ks {
            let (l, h) = poisson_interval(k, 0.95);
            let kf = k as f64;
            assert!(l.is_finite() && h.is_finite());
            assert!(l <= kf && kf <= h, "k={k}: ({l}, {h})");
            if let Some((pl, ph)) = prev {
                assert!(
                    l > pl || (k == 1 && pl == 0.0 && l > 0.0),
                    "lower not monotone at {k}"
                );
                assert!(h > ph, "upper not monotone at {k}");
            }
            prev = Some((l, h));
        }
    }

    #[test]
    fn odd_levels_do_not_panic() {
        for level in [f64::NAN, -1.0, 0.0, 0.5, 0.99, 1.0, 2.0, f64::INFINITY] {
            let (l, h) = poisson_interval(3, level);
            assert!(l.is_finite() && h.is_finite() && l <= 3.0 && h >= 3.0);
        }
        // Wider level, wider interval.
        let (l90, h90) = poisson_interval(3, 0.90);
        let (l99, h99) = poisson_interval(3, 0.99);
        assert!(l99 < l90 && h99 > h90);
    }

    #[test]
    fn wilson_hilferty_agrees_near_switch() {
        let shape = 1e6;
        let exact = Gamma::new(shape, 1.0).unwrap().inverse_cdf(0.975);
        assert!((wilson_hilferty(shape, 0.975) / exact - 1.0).abs() < 1e-9);
    }

    #[test]
    fn remembered_intervals_are_the_ones_computed_afresh() {
        let mut memo = RateIntervals::default();
        for (k, t) in [
            (0, 3001),
            (3, 3001),
            (3, 5000),
            (0, 10),
            (29, 6201),
            (3, 3001),
        ] {
            assert_eq!(memo.rate(k, t), rate_interval(k, t), "{k} in {t}");
        }
        assert_eq!(memo.rate(5, 0), (0.0, 0.0));
    }
}
