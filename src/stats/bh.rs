//! Benjamini–Hochberg false-discovery-rate adjustment.

/// Benjamini–Hochberg adjusted p-values (q-values), as R's
/// `p.adjust(p, method = "BH")`, returned in the input order.
///
/// With the p-values sorted ascending, `q_(i) = min_{j >= i} min(1, m p_(j) / j)`,
/// so the result is capped at 1 and monotone in `p`. NaN inputs are treated as
/// 1.0 and still count towards `m` (unlike R, which drops `NA` from `m`);
/// values outside `[0, 1]` are clamped into it. An empty slice gives an empty
/// vector. Ties get equal q-values.
pub fn bh_adjust(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean: Vec<f64> = p
        .iter()
        .map(|&x| if x.is_nan() { 1.0 } else { x.clamp(0.0, 1.0) })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    // Stable, total order: ascending p, then input position.
    order.sort_by(|&i, &j| clean[i].total_cmp(&clean[j]).then(i.cmp(&j)));

    let mut q = vec![1.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let v = clean[i] * m as f64 / (rank + 1) as f64;
        running = running.min(v);
        q[i] = running;
    }
    q
}

/// Which hypotheses the Benjamini–Hochberg step-up procedure rejects at false
/// discovery rate `alpha`: `bh_adjust(p)[i] <= alpha`. A NaN `alpha` rejects
/// nothing.
pub fn bh_reject(p: &[f64], alpha: f64) -> Vec<bool> {
    bh_adjust(p).into_iter().map(|q| q <= alpha).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Benjamini & Hochberg (1995), J. R. Statist. Soc. B 57:289–300, section 4.
    const BH1995: [f64; 15] = [
        0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
        0.5719, 0.6528, 0.7590, 1.000,
    ];

    /// From the definition, m = 15: m p_(j) / j is
    ///  1: 0.0015      2: 0.003       3: 0.0095      4: 0.035625    5: 0.0603
    ///  6: 0.0695      7: 0.0638571…  8: 0.0645      9: 0.0765     10: 0.486
    /// 11: 0.5811818… 12: 0.714875   13: 0.7532307… 14: 0.8132142… 15: 1.0
    /// and the running minimum from the top only changes rank 6 (0.0695 →
    /// 0.0638571…, taken from rank 7). Same as R's `p.adjust(p, "BH")`.
    const BH1995_Q: [f64; 15] = [
        0.0015,
        0.003,
        0.0095,
        0.035625,
        0.0603,
        0.06385714285714286,
        0.06385714285714286,
        0.0645,
        0.0765,
        0.486,
        0.5811818181818182,
        0.714875,
        0.7532307692307692,
        0.8132142857142857,
        1.0,
    ];

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "{x} vs {y}");
        }
    }

    #[test]
    fn textbook_example_rejects_first_four() {
        let rej = bh_reject(&BH1995, 0.05);
        let expected: Vec<bool> = (0..15).map(|i| i < 4).collect();
        assert_eq!(rej, expected);
    }

    #[test]
    fn textbook_example_adjusted_values() {
        close(&bh_adjust(&BH1995), &BH1995_Q);
    }

    #[test]
    fn unsorted_input_keeps_order() {
        // A fixed shuffle of the textbook example.
        let perm = [9, 3, 14, 0, 6, 11, 2, 7, 13, 5, 1, 10, 8, 12, 4];
        let p: Vec<f64> = perm.iter().map(|&i| BH1995[i]).collect();
        let want: Vec<f64> = perm.iter().map(|&i| BH1995_Q[i]).collect();
        close(&bh_adjust(&p), &want);
    }

    #[test]
    fn small_hand_example_with_ties_and_cap() {
        // m = 4: sorted 0.01, 0.02, 0.02, 0.9 → 0.04, 0.04, 0.02667, 0.9 → min from top.
        let q = bh_adjust(&[0.02, 0.9, 0.01, 0.02]);
        close(&q, &[0.08 / 3.0, 0.9, 0.08 / 3.0, 0.08 / 3.0]);
        // Capped at 1.
        close(&bh_adjust(&[0.6, 0.9]), &[0.9, 0.9]);
        close(&bh_adjust(&[1.0, 1.0]), &[1.0, 1.0]);
    }

    #[test]
    fn edge_inputs() {
        assert!(bh_adjust(&[]).is_empty());
        close(&bh_adjust(&[0.03]), &[0.03]);
        // NaN counts as 1.0 (and in m); out-of-range values are clamped.
        close(&bh_adjust(&[f64::NAN, 0.01]), &[1.0, 0.02]);
        close(&bh_adjust(&[-0.5, 2.0, f64::INFINITY]), &[0.0, 1.0, 1.0]);
        assert!(bh_reject(&[0.001], f64::NAN).iter().all(|r| !r));
    }

    #[test]
    fn monotone_in_p() {
        let p = [0.2, 0.001, 0.04, 0.5, 0.03, 0.9, 0.011, 0.3];
        let q = bh_adjust(&p);
        for i in 0..p.len() {
            assert!(q[i] >= p[i] && q[i] <= 1.0);
            for j in 0..p.len() {
                if p[i] <= p[j] {
                    assert!(q[i] <= q[j]);
                }
            }
        }
    }
}
