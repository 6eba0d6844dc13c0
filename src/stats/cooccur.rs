//! Co-occurrence strength of two themes across units (remarks).

/// Association measures between two themes, all finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cooccurrence {
    /// `ab / (a + b − ab)`, in `[0, 1]`.
    pub jaccard: f64,
    /// Pointwise mutual information in bits, `log2(P(ab) / (P(a) P(b)))`.
    pub pmi: f64,
    /// Normalised PMI (Bouma 2009), `pmi / −log2(P(ab))`, in `[−1, 1]`.
    pub npmi: f64,
}

impl Cooccurrence {
    /// All-zero result used when either theme (or the corpus) is empty.
    pub const ZERO: Cooccurrence = Cooccurrence {
        jaccard: 0.0,
        pmi: 0.0,
        npmi: 0.0,
    };
}

/// Co-occurrence measures from unit counts: `units` units in total, `a` and
/// `b` units containing each theme, `ab` units containing both; probabilities
/// are counts / `units`.
///
/// Edge cases (every field is always finite, never NaN or ±∞):
/// - `units`, `a` or `b` is 0: all fields 0 ([`Cooccurrence::ZERO`]);
/// - `ab == 0` (never together): `jaccard = 0`, `pmi = 0.0` (not −∞, so CSV
///   consumers get a number) and `npmi = −1` (its limit);
/// - `ab == units` (both themes in every unit): `pmi = 0`, `npmi = 1`;
/// - inconsistent counts are clamped: `a, b <= units`, `ab <= min(a, b)`.
pub fn cooccurrence(units: u64, a: u64, b: u64, ab: u64) -> Cooccurrence {
    let a = a.min(units);
    let b = b.min(units);
    let ab = ab.min(a).min(b);
    if units == 0 || a == 0 || b == 0 {
        return Cooccurrence::ZERO;
    }
    if ab == 0 {
        return Cooccurrence {
            jaccard: 0.0,
            pmi: 0.0,
            npmi: -1.0,
        };
    }
    let (n, a, b, ab) = (units as f64, a as f64, b as f64, ab as f64);
    let jaccard = ab / (a + b - ab);
    // Sum of logs instead of products: u64 products could overflow.
    let pmi = ab.log2() + n.log2() - a.log2() - b.log2();
    let h = n.log2() - ab.log2(); // −log2(P(ab)) >= 0
    let npmi = if h > 0.0 {
        (pmi / h).clamp(-1.0, 1.0)
    } else {
        1.0
    };
    Cooccurrence { jaccard, pmi, npmi }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(c: Cooccurrence, jaccard: f64, pmi: f64, npmi: f64) {
        assert!((c.jaccard - jaccard).abs() < 1e-12, "{c:?}");
        assert!((c.pmi - pmi).abs() < 1e-12, "{c:?}");
        assert!((c.npmi - npmi).abs() < 1e-12, "{c:?}");
    }

    #[test]
    fn hand_computed() {
        // 100 units, a = 20, b = 10, ab = 5:
        // jaccard = 5/25 = 0.2; pmi = log2(0.05 / (0.2·0.1)) = log2(2.5) = 1.3219280948873622
        // npmi = 1.3219280948873622 / log2(20) = 1.3219280948873622 / 4.321928094887362 = 0.30586536052072244
        close(
            cooccurrence(100, 20, 10, 5),
            0.2,
            1.3219280948873622,
            0.30586536052072244,
        );
        // 1000 units, 10, 20, 2: jaccard = 2/28; pmi = log2(0.002 / 0.0002) = log2(10);
        // npmi = log2(10) / log2(500) = 3.321928094887362 / 8.965784284662087 = 0.37051171313258546
        close(
            cooccurrence(1000, 10, 20, 2),
            2.0 / 28.0,
            10f64.log2(),
            0.37051171313258546,
        );
        // Independent: 100 units, 10, 10, 1 → P(ab) = P(a)P(b) → pmi = npmi = 0; jaccard = 1/19.
        close(cooccurrence(100, 10, 10, 1), 1.0 / 19.0, 0.0, 0.0);
        // Always together in half the units: pmi = log2(0.5/0.25) = 1, npmi = 1/1 = 1.
        close(cooccurrence(8, 4, 4, 4), 1.0, 1.0, 1.0);
    }

    #[test]
    fn never_together() {
        close(cooccurrence(100, 20, 10, 0), 0.0, 0.0, -1.0);
    }

    #[test]
    fn empty_inputs_are_zero() {
        assert_eq!(cooccurrence(0, 0, 0, 0), Cooccurrence::ZERO);
        assert_eq!(cooccurrence(0, 5, 5, 5), Cooccurrence::ZERO);
        assert_eq!(cooccurrence(100, 0, 10, 0), Cooccurrence::ZERO);
        assert_eq!(cooccurrence(100, 10, 0, 3), Cooccurrence::ZERO);
    }

    #[test]
    fn everywhere_and_inconsistent_counts() {
        // Both in every unit.
        close(cooccurrence(50, 50, 50, 50), 1.0, 0.0, 1.0);
        // ab > min(a, b) is clamped to min(a, b); a > units clamped to units.
        assert_eq!(cooccurrence(100, 20, 10, 15), cooccurrence(100, 20, 10, 10));
        assert_eq!(cooccurrence(10, 30, 5, 5), cooccurrence(10, 10, 5, 5));
        // Huge counts do not overflow.
        let c = cooccurrence(u64::MAX, u64::MAX / 2, u64::MAX / 4, u64::MAX / 8);
        assert!(c.pmi.is_finite() && c.npmi.is_finite() && (c.jaccard - 0.2).abs() < 1e-9);
    }

    #[test]
    fn npmi_bounded() {
        for n in 1..12u64 {
            for a in 0..=n {
                for b in 0..=n {
                    for ab in 0..=a.min(b) {
                        let c = cooccurrence(n, a, b, ab);
                        assert!(c.pmi.is_finite() && (-1.0..=1.0).contains(&c.npmi));
                        assert!((0.0..=1.0).contains(&c.jaccard));
                    }
                }
            }
        }
    }
}
