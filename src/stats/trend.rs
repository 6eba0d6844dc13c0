//! Score test for a log-linear trend in a Poisson rate ("emerging terms").

use statrs::function::erf::erfc;

/// Result of [`rate_trend`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// Estimated change of the log rate per unit of `x` (one Fisher-scoring
    /// step from the no-trend fit: `U / Var`).
    pub slope: f64,
    /// Score statistic `U / √Var`; positive when the rate rises with `x`.
    pub z: f64,
    /// One-sided p-value `P(Z > z)` for a rising rate.
    pub p_value: f64,
}

impl Trend {
    /// The "no evidence" result used for degenerate input.
    pub const NONE: Trend = Trend {
        slope: 0.0,
        z: 0.0,
        p_value: 1.0,
    };
}

/// Upper tail `P(Z > z)` of the standard normal, `erfc(z / √2) / 2`.
/// `+∞` gives 0, `−∞` gives 1, NaN gives 1.0 (no evidence).
pub fn normal_sf(z: f64) -> f64 {
    if z.is_nan() {
        return 1.0;
    }
    (0.5 * erfc(z / std::f64::consts::SQRT_2)).clamp(0.0, 1.0)
}

/// Score test for a log-linear trend in a Poisson rate: the Poisson analogue
/// of the Cochran–Armitage test. Period `i` has `counts[i]` hits in
/// `tokens[i]` tokens at time (or any covariate) `x[i]`.
///
/// With `C = Σc`, `T = Σt`, `E_i = C t_i / T`, `x̄ = Σ t_i x_i / T`:
/// `U = Σ x_i (c_i − E_i)`, `Var = C (Σ t_i x_i² / T − x̄²)`, `z = U / √Var`,
/// `p_value = P(Z > z)` (upper tail: rising rate).
///
/// `slope = U / Var` is one Fisher-scoring (Newton) step of the Poisson
/// regression `ln μ_i = ln t_i + α + β x_i` starting from the null fit
/// `β = 0`: the log-rate change per unit `x`. It is accurate for modest
/// trends and attenuated (pulled towards 0) for steep ones, and, unlike the
/// full MLE, it stays finite when early periods have zero counts.
///
/// Edge inputs: only the first `min` of the three lengths is used; periods
/// with zero tokens or a non-finite `x` are ignored (with their counts).
/// Returns [`Trend::NONE`] (slope 0, z 0, p 1) when no hits remain (`C = 0`),
/// fewer than two distinct `x` values have tokens, or `Var` is not positive.
pub fn rate_trend(counts: &[u64], tokens: &[u64], x: &[f64]) -> Trend {
    let rows: Vec<(f64, f64, f64)> = counts
        .iter()
        .zip(tokens)
        .zip(x)
        .filter(|((_, &t), xi)| t > 0 && xi.is_finite())
        .map(|((&c, &t), &xi)| (c as f64, t as f64, xi))
        .collect();
    let c_sum: f64 = rows.iter().map(|r| r.0).sum();
    let t_sum: f64 = rows.iter().map(|r| r.1).sum();
    let distinct = rows
        .first()
        .is_some_and(|f| rows.iter().any(|r| r.2 != f.2));
    if c_sum <= 0.0 || t_sum <= 0.0 || !distinct {
        return Trend::NONE;
    }

    // Centre x at its token-weighted mean; U and Var are unchanged because
    // Σ(c_i − E_i) = 0, and the centred sums lose less precision.
    let x_bar = rows.iter().map(|&(_, t, xi)| t * xi).sum::<f64>() / t_sum;
    let mut u = 0.0;
    let mut spread = 0.0;
    for &(c, t, xi) in &rows {
        let dx = xi - x_bar;
        u += dx * (c - c_sum * t / t_sum);
        spread += t * dx * dx;
    }
    let var = c_sum * spread / t_sum;
    if !var.is_finite() || var <= 0.0 || !u.is_finite() {
        return Trend::NONE;
    }
    let z = u / var.sqrt();
    Trend {
        slope: u / var,
        z,
        p_value: normal_sf(z),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // c = [1, 2, 6], t = [100, 100, 200], x = [0, 1, 2]
        // C = 9, T = 400, E = [2.25, 2.25, 4.5]
        // U = 0·(−1.25) + 1·(−0.25) + 2·(1.5) = 2.75
        // x̄ = (0 + 100 + 400)/400 = 1.25, Σ t x²/T = (0 + 100 + 800)/400 = 2.25
        // Var = 9·(2.25 − 1.5625) = 6.1875
        // z = 2.75 / √6.1875 = 1.1055415967851332
        // p = erfc(z/√2)/2 = 0.13446249025580992, slope = 2.75/6.1875 = 4/9
        let tr = rate_trend(&[1, 2, 6], &[100, 100, 200], &[0.0, 1.0, 2.0]);
        assert!((tr.z * 6.1875f64.sqrt() - 2.75).abs() < 1e-9, "U");
        assert!((tr.z - 1.1055415967851332).abs() < 1e-6);
        assert!((tr.p_value - 0.13446249025580992).abs() < 1e-6);
        assert!((tr.slope - 4.0 / 9.0).abs() < 1e-9);
    }

    #[test]
    fn flat_rate_gives_zero() {
        let tr = rate_trend(
            &[5, 10, 15, 20],
            &[1000, 2000, 3000, 4000],
            &[0.0, 1.0, 2.0, 3.0],
        );
        assert!(tr.z.abs() < 1e-9 && tr.slope.abs() < 1e-9);
        assert!((tr.p_value - 0.5).abs() < 1e-9);
    }

    #[test]
    fn rising_and_falling() {
        let x: Vec<f64> = (0..10).map(f64::from).collect();
        let t = [10_000u64; 10];
        let up: Vec<u64> = (0..10).map(|i| 2 + 3 * i).collect();
        let down: Vec<u64> = up.iter().rev().copied().collect();
        let r = rate_trend(&up, &t, &x);
        assert!(r.p_value < 0.01 && r.z > 0.0 && r.slope > 0.0, "{r:?}");
        let f = rate_trend(&down, &t, &x);
        assert!(f.p_value > 0.99 && f.z < 0.0 && f.slope < 0.0, "{f:?}");
        assert!((r.z + f.z).abs() < 1e-9);
    }

    #[test]
    fn slope_close_to_true_log_rate_for_mild_trend() {
        // Rate grows 5% per step exactly (large counts): slope ≈ ln(1.05).
        let x: Vec<f64> = (0..8).map(f64::from).collect();
        let c: Vec<u64> = (0..8)
            .map(|i| (1e6 * 1.05f64.powi(i)).round() as u64)
            .collect();
        let tr = rate_trend(&c, &[1_000_000_000; 8], &x);
        assert!((tr.slope - 1.05f64.ln()).abs() < 2e-3, "{tr:?}");
    }

    #[test]
    fn degenerate_inputs() {
        let none = Trend::NONE;
        assert_eq!(rate_trend(&[], &[], &[]), none);
        assert_eq!(
            rate_trend(&[0, 0, 0], &[10, 10, 10], &[0.0, 1.0, 2.0]),
            none
        );
        assert_eq!(rate_trend(&[1, 2, 3], &[0, 0, 0], &[0.0, 1.0, 2.0]), none);
        assert_eq!(
            rate_trend(&[1, 2, 3], &[10, 10, 10], &[1.0, 1.0, 1.0]),
            none
        );
        // Only one x has tokens.
        assert_eq!(rate_trend(&[1, 2, 3], &[10, 0, 0], &[0.0, 1.0, 2.0]), none);
        // Non-finite x is ignored, leaving a single distinct x.
        assert_eq!(rate_trend(&[1, 2], &[10, 10], &[0.0, f64::NAN]), none);
        // Mismatched lengths use the common prefix.
        let a = rate_trend(&[1, 2, 6, 99], &[100, 100, 200], &[0.0, 1.0, 2.0, 3.0]);
        let b = rate_trend(&[1, 2, 6], &[100, 100, 200], &[0.0, 1.0, 2.0]);
        assert_eq!(a, b);
    }

    #[test]
    fn normal_sf_values() {
        assert_eq!(normal_sf(0.0), 0.5);
        assert!((normal_sf(1.959963984540054) - 0.025).abs() < 1e-10);
        assert!((normal_sf(-1.0) - 0.8413447460685429).abs() < 1e-10);
        assert_eq!(normal_sf(f64::INFINITY), 0.0);
        assert_eq!(normal_sf(f64::NEG_INFINITY), 1.0);
        assert_eq!(normal_sf(f64::NAN), 1.0);
    }
}
