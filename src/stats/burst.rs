//! Kleinberg's two-state burst detection for batched data.
//!
//! Kleinberg (2002), "Bursty and hierarchical structure in streams", section 4
//! ("enumerating bursts"): batch `t` holds `d_t` items of which `r_t` are
//! relevant. Here a batch is a meeting, `r_t` the theme hits and `d_t` its tokens.

/// Parameters of the two-state model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurstParams {
    /// Ratio of the burst-state rate to the base rate (`p1 = s * p0`); must be > 1.
    pub s: f64,
    /// Scales the cost `gamma * ln(n)` of moving up into the burst state.
    pub gamma: f64,
}

impl Default for BurstParams {
    /// `s = 2.0`, `gamma = 1.0` (Kleinberg's usual choice).
    fn default() -> Self {
        Self { s: 2.0, gamma: 1.0 }
    }
}

/// One maximal run of batches spent in the burst state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burst {
    /// Index of the first batch of the burst.
    pub start: usize,
    /// Index of the last batch of the burst (inclusive).
    pub end: usize,
    /// `Σ_{t=start..=end} (σ_0(t) − σ_1(t))`: the cost saved by explaining
    /// these batches with the burst rate. Positive for detected bursts.
    pub weight: f64,
}

/// Cap on the burst-state rate so `ln(1 - p1)` stays finite.
const MAX_P1: f64 = 0.9999;

/// Finds bursts with Kleinberg's two-state batched model.
///
/// `p0 = Σr / Σd`, `p1 = min(s · p0, 0.9999)`; state `i` costs
/// `σ_i(t) = −ln(p_i^{r_t} (1 − p_i)^{d_t − r_t})` in batch `t` (the binomial
/// coefficient is dropped: it cancels between states). Moving up from state 0
/// to 1 costs `gamma · ln(n)` (`n` = number of batches), moving down is free,
/// and the sequence starts in state 0. The cheapest state sequence is found by
/// Viterbi; ties prefer state 0. Each maximal run of state 1 is a [`Burst`],
/// returned in order.
///
/// Edge inputs: only the first `min(r.len(), d.len())` batches are used;
/// `r_t > d_t` is clamped to `d_t`; batches with `d_t = 0` cost nothing in
/// either state. No bursts (empty vector) when there are no batches, no hits
/// (`p0 = 0`), no tokens, `p1 <= p0` (e.g. `s <= 1`, NaN `s`, or `p0` near 1).
/// A NaN or negative `gamma` is treated as 0.
pub fn bursts(r: &[u64], d: &[u64], params: &BurstParams) -> Vec<Burst> {
    let n = r.len().min(d.len());
    let batches: Vec<(f64, f64)> = r[..n]
        .iter()
        .zip(&d[..n])
        .map(|(&rt, &dt)| (rt.min(dt) as f64, dt as f64))
        .collect();
    let total_r: f64 = batches.iter().map(|b| b.0).sum();
    let total_d: f64 = batches.iter().map(|b| b.1).sum();
    if n == 0 || total_r <= 0.0 || total_d <= 0.0 {
        return Vec::new();
    }
    let p0 = total_r / total_d;
    let p1 = (params.s * p0).min(MAX_P1);
    // A NaN `s` makes `p1` NaN.
    if p1.is_nan() || p1 <= p0 || p0 >= 1.0 {
        return Vec::new();
    }
    let gamma = if params.gamma.is_nan() {
        0.0
    } else {
        params.gamma.max(0.0)
    };
    // ln(1) = 0; written out so that gamma = inf cannot give inf * 0 = NaN.
    let up_cost = if n > 1 { gamma * (n as f64).ln() } else { 0.0 };

    // Saving of state 1 over state 0 per batch: σ_0(t) − σ_1(t).
    let saving: Vec<f64> = batches
        .iter()
        .map(|&(rt, dt)| neg_log_lik(rt, dt, p0) - neg_log_lik(rt, dt, p1))
        .collect();

    // Viterbi. State-0 cost is shifted to 0 each batch (subtracting σ_0(t) from
    // both states leaves the argmin unchanged), so state 1 costs −saving[t].
    let mut cost0 = 0.0f64;
    let mut cost1 = f64::INFINITY;
    // from1[s][t]: whether state s at batch t was reached from state 1.
    let mut from1 = [vec![false; n], vec![false; n]];
    for (t, &sv) in saving.iter().enumerate() {
        // Into state 0: going down is free; prefer coming from 0 on ties.
        let (c0, b0) = if cost0 <= cost1 {
            (cost0, false)
        } else {
            (cost1, true)
        };
        // Into state 1: stay, or pay to move up; prefer coming from 0 on ties.
        let (c1, b1) = if cost0 + up_cost <= cost1 {
            (cost0 + up_cost, false)
        } else {
            (cost1, true)
        };
        from1[0][t] = b0;
        from1[1][t] = b1;
        cost0 = c0;
        cost1 = c1 - sv;
    }

    // Backtrack, ending in state 0 on ties.
    let mut states = vec![false; n];
    let mut in1 = cost1 < cost0;
    for t in (0..n).rev() {
        states[t] = in1;
        in1 = from1[usize::from(in1)][t];
    }

    let mut out = Vec::new();
    let mut t = 0;
    while t < n {
        if states[t] {
            let start = t;
            while t + 1 < n && states[t + 1] {
                t += 1;
            }
            let weight = saving[start..=t].iter().sum();
            out.push(Burst {
                start,
                end: t,
                weight,
            });
        }
        t += 1;
    }
    out
}

/// `−ln(p^r (1 − p)^(d − r))` with `0 < p < 1`, skipping zero-count terms.
fn neg_log_lik(r: f64, d: f64, p: f64) -> f64 {
    let mut v = 0.0;
    if r > 0.0 {
        v -= r * p.ln();
    }
    if d > r {
        v -= (d - r) * (-p).ln_1p();
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize, base: u64, hot: &[(usize, u64)]) -> (Vec<u64>, Vec<u64>) {
        let mut r = vec![base; n];
        for &(i, v) in hot {
            r[i] = v;
        }
        (r, vec![1000; n])
    }

    #[test]
    fn finds_constructed_burst() {
        let hot: Vec<(usize, u64)> = (8..=11).map(|i| (i, 20)).collect();
        let (r, d) = series(20, 2, &hot);
        let b = bursts(&r, &d, &BurstParams::default());
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!((b[0].start, b[0].end), (8, 11));
        assert!(b[0].weight > 0.0);
        // Weight equals the summed per-batch savings: p0 = 112/20000, p1 = 2 p0.
        let (p0, p1): (f64, f64) = (112.0 / 20000.0, 224.0 / 20000.0);
        let per = 20.0 * (p1 / p0).ln() + 980.0 * ((1.0 - p1) / (1.0 - p0)).ln();
        assert!((b[0].weight - 4.0 * per).abs() < 1e-9);
    }

    #[test]
    fn flat_zero_and_empty_have_none() {
        let p = BurstParams::default();
        assert!(bursts(&[2; 20], &[1000; 20], &p).is_empty());
        assert!(bursts(&[0; 20], &[1000; 20], &p).is_empty());
        assert!(bursts(&[0; 20], &[0; 20], &p).is_empty());
        assert!(bursts(&[], &[], &p).is_empty());
        assert!(bursts(&[5, 6], &[], &p).is_empty());
    }

    #[test]
    fn gamma_removes_weak_burst() {
        // Three batches at 3x the usual rate: each saves ~1.56 nats, total
        // ~4.69 > ln(20) ≈ 3.00 (gamma = 1) but < 2 ln(20) ≈ 5.99 (gamma = 2).
        let (r, d) = series(20, 2, &[(5, 6), (6, 6), (7, 6)]);
        let weak = bursts(&r, &d, &BurstParams::default());
        assert_eq!(weak.len(), 1);
        assert_eq!((weak[0].start, weak[0].end), (5, 7));
        assert!(weak[0].weight > 20f64.ln() && weak[0].weight < 2.0 * 20f64.ln());
        let strict = BurstParams {
            gamma: 2.0,
            ..BurstParams::default()
        };
        assert!(bursts(&r, &d, &strict).is_empty());
    }

    #[test]
    fn several_bursts_in_order_with_positive_weights() {
        let hot = [(2, 25), (3, 25), (12, 30), (13, 30), (14, 30)];
        let (r, d) = series(30, 2, &hot);
        let b = bursts(&r, &d, &BurstParams::default());
        let spans: Vec<(usize, usize)> = b.iter().map(|x| (x.start, x.end)).collect();
        assert_eq!(spans, vec![(2, 3), (12, 14)]);
        assert!(b.iter().all(|x| x.weight > 0.0));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let p = BurstParams::default();
        // r > d clamps; zero-token batches are neutral; burst at the very end.
        let b = bursts(&[1, 50, 1, 0, 80], &[1000, 10, 1000, 0, 100], &p);
        assert!(b.iter().all(|x| x.weight.is_finite() && x.end < 5));
        // Everything relevant: p0 = 1, p1 capped below it → none.
        assert!(bursts(&[5, 5], &[5, 5], &p).is_empty());
        // Single batch: no contrast possible → none.
        assert!(bursts(&[7], &[100], &p).is_empty());
        // Bad parameters.
        for (s, gamma) in [(1.0, 1.0), (0.5, 1.0), (f64::NAN, 1.0), (2.0, f64::NAN)] {
            let out = bursts(&[1, 1, 40, 1], &[100; 4], &BurstParams { s, gamma });
            assert!(out.iter().all(|x| x.weight.is_finite()));
        }
        // gamma = infinity never moves up.
        let inf = BurstParams {
            s: 2.0,
            gamma: f64::INFINITY,
        };
        assert!(bursts(&[1, 1, 40, 1], &[100; 4], &inf).is_empty());
    }

    #[test]
    fn burst_reaching_last_batch() {
        let (r, d) = series(10, 2, &[(8, 25), (9, 25)]);
        let b = bursts(&r, &d, &BurstParams::default());
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].start, b[0].end), (8, 9));
    }
}
