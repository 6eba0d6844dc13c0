//! Keyness: how strongly a feature (a theme, a term) is over- or under-represented in one part
//! of the corpus (a committee) against the rest, as quanteda's `textstat_keyness(measure =
//! "lr")` and KH Coder's crosstabs report it.
//!
//! Takes counts in a 2×2 table (feature count and total tokens in the target and in the
//! reference) and gives the log-likelihood G² (signed: negative when the target uses the feature
//! less than expected), its p-value (χ² with one degree of freedom), and an effect size, the
//! binary log of the ratio of the two relative frequencies (Hardie's Log Ratio, with 0.5 added to
//! zero counts so it stays finite).

use serde::Serialize;

/// Keyness of one feature in one target against a reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Keyness {
    /// Signed log-likelihood G² (negative: under-represented in the target).
    pub g2: f64,
    /// p-value of |G²| under χ²(1).
    pub p_value: f64,
    /// log2((a/c) / (b/d)), zero counts smoothed with 0.5.
    pub log_ratio: f64,
}

/// Computes keyness from `a` (feature count in the target), `b` (in the reference), `c` (target
/// tokens), `d` (reference tokens).
pub fn keyness(a: u64, b: u64, c: u64, d: u64) -> Keyness {
    let (af, bf, cf, df) = (a as f64, b as f64, c as f64, d as f64);
    let n = cf + df;
    let total = af + bf;
    if c == 0 || d == 0 || total == 0.0 {
        return Keyness {
            g2: 0.0,
            p_value: 1.0,
            log_ratio: 0.0,
        };
    }
    // The full 2×2 table: feature / not feature × target / reference.
    let cells = [
        (af, cf * total / n),
        (bf, df * total / n),
        (cf - af, cf * (n - total) / n),
        (df - bf, df * (n - total) / n),
    ];
    let mut g2 = 0.0;
    for (o, e) in cells {
        if o > 0.0 && e > 0.0 {
            g2 += o * (o / e).ln();
        }
    }
    let g2 = (2.0 * g2).max(0.0);
    let sign = if af / cf >= bf / df { 1.0 } else { -1.0 };
    let sa = if a == 0 { 0.5 } else { af };
    let sb = if b == 0 { 0.5 } else { bf };
    Keyness {
        g2: sign * g2,
        p_value: chi2_1_sf(g2),
        log_ratio: ((sa / cf) / (sb / df)).log2(),
    }
}

/// Survival function of χ² with one degree of freedom: P(X > x) = erfc(√(x/2)).
pub fn chi2_1_sf(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    erfc((x / 2.0).sqrt())
}

/// Complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Worked by hand: target 10 of 1,000 tokens, reference 20 of 9,000.
    /// Expected counts E = (1000·30/10000, 9000·30/10000) = (3, 27) for the feature and
    /// (997, 8973) for the rest. G² = 2·[10 ln(10/3) + 20 ln(20/27) + 990 ln(990/997) +
    /// 8980 ln(8980/8973)] = 2·[12.0397 − 6.0021 − 6.9755 + 7.0027] = 12.130.
    /// p = erfc(√(12.13/2)) = 0.000496; log ratio = log2((10/1000)/(20/9000)) = log2(4.5) = 2.170.
    #[test]
    fn hand_computed_example() {
        let k = keyness(10, 20, 1000, 9000);
        assert!(close(k.g2, 12.130, 0.01), "{k:?}");
        assert!(close(k.p_value, 0.000496, 0.00002), "{k:?}");
        assert!(close(k.log_ratio, 2.1699, 0.001), "{k:?}");
    }

    #[test]
    fn under_representation_is_negative_and_symmetric() {
        let over = keyness(10, 20, 1000, 9000);
        let under = keyness(20, 10, 9000, 1000);
        assert!(under.g2 < 0.0);
        assert!(close(over.g2, -under.g2, 1e-9));
        assert!(close(over.log_ratio, -under.log_ratio, 1e-9));
    }

    #[test]
    fn equal_rates_give_zero() {
        let k = keyness(5, 45, 1000, 9000);
        assert!(
            close(k.g2, 0.0, 1e-9) && close(k.p_value, 1.0, 1e-6) && close(k.log_ratio, 0.0, 1e-9)
        );
    }

    #[test]
    fn zero_counts_stay_finite() {
        let k = keyness(0, 30, 1000, 9000);
        assert!(k.g2 < 0.0 && k.log_ratio.is_finite() && k.p_value < 0.1);
        let k = keyness(0, 0, 1000, 9000);
        assert_eq!((k.g2, k.p_value, k.log_ratio), (0.0, 1.0, 0.0));
    }

    #[test]
    fn p_values_match_chi_square_table() {
        // Critical values of χ²(1): 3.841 → 0.05, 6.635 → 0.01, 10.828 → 0.001.
        assert!(close(chi2_1_sf(3.841), 0.05, 1e-4));
        assert!(close(chi2_1_sf(6.635), 0.01, 1e-4));
        assert!(close(chi2_1_sf(10.828), 0.001, 1e-5));
    }
}
