//! How themes move between bodies and over time: the sums the aggregator keeps for it, and the
//! tables made from them at the end.
//!
//! Takes each remark's theme hits (with its meeting's committee and date and its speaker's id)
//! and each meeting's per-theme hits and tokens, and gives:
//! - `theme_firsts`: each theme's first appearance in each committee, who raised it, and how
//!   many days after the first committee to raise it (lead–lag);
//! - `theme_bursts`: Kleinberg two-state bursts of each theme's rate over the meeting sequence,
//!   in all committees together and in each committee;
//! - `theme_cooccurrence`: pairs of themes in the same remark (counts, Jaccard, PMI);
//! - `speaker_trajectories`: each person's hits of each theme in each committee and year;
//! - `emerging_terms`: nouns whose rate rises over the years (score test, BH-adjusted) and that
//!   no theme's terms cover.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::aggregate::{MeetingAgg, ThemeInfo};
use super::{perr, rate, round6};
use crate::error::Result;
use crate::segment::Noun;
use crate::stats::{bh_adjust, bursts, cooccurrence, rate_trend, BurstParams};
use crate::text::Names;

/// Settings of the movement tables.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementOptions {
    /// Burst model parameters (`--burst-s`, `--burst-gamma`).
    pub burst: BurstParams,
    /// Least occurrences of a noun in the corpus for `emerging_terms`.
    pub emerging_min_count: u64,
    /// Most rows of `emerging_terms`.
    pub emerging_max: usize,
    /// The corpus folder, for the `kaigi kwic` command each emerging term suggests.
    pub corpus: String,
}

impl Default for MovementOptions {
    fn default() -> Self {
        MovementOptions {
            burst: BurstParams::default(),
            emerging_min_count: 20,
            emerging_max: 100,
            corpus: "data/corpus".into(),
        }
    }
}

/// A theme's first remark in a committee.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct First {
    date: String,
    meeting_id: String,
    seq: u32,
    speaker_id: String,
}

/// One person's hits of one theme in one committee and year.
#[derive(Debug, Clone, Default)]
pub(super) struct Trajectory {
    hits: u64,
    remarks_with: u64,
    meetings: u64,
    /// The number of the last meeting counted ([`MovementAcc::meeting_no`]).
    last_meeting: u64,
    first_date: String,
    last_date: String,
}

/// The sums kept while remarks arrive.
#[derive(Debug, Default)]
pub(super) struct MovementAcc {
    /// Remarks with hits of theme i and of theme j (i < j), row-major over all pairs.
    pair_remarks: Vec<u64>,
    theme_remarks: Vec<u64>,
    remarks: u64,
    committees: Names,
    speakers: Names,
    /// (committee, theme) → the first remark with a hit.
    firsts: FxHashMap<(u32, usize), First>,
    /// (speaker, theme, committee, year or 0) → sums.
    trajectories: FxHashMap<(u32, usize, u32, i32), Trajectory>,
    /// Meetings seen (a meeting's remarks arrive together), and the current one's id.
    meeting_no: u64,
    meeting: String,
    /// The themes with hits of the remark being added.
    scratch: Vec<usize>,
    /// Noun counts and tokens per year.
    pub(super) year_nouns: BTreeMap<i32, FxHashMap<Noun, u64>>,
    pub(super) year_tokens: BTreeMap<i32, u64>,
}

/// Where a remark was made, for [`MovementAcc::remark`].
pub(super) struct At<'a> {
    pub meeting_id: &'a str,
    pub committee: &'a str,
    pub date: &'a str,
    pub seq: u32,
    pub speaker_id: &'a str,
}

impl MovementAcc {
    pub(super) fn new(themes: usize) -> Self {
        MovementAcc {
            pair_remarks: vec![0; themes * themes],
            theme_remarks: vec![0; themes],
            ..Default::default()
        }
    }

    /// Adds one remark's hits per theme.
    pub(super) fn remark(&mut self, at: &At<'_>, hits: &[u32]) {
        self.remarks += 1;
        if at.meeting_id != self.meeting {
            self.meeting_no += 1;
            self.meeting.clear();
            self.meeting.push_str(at.meeting_id);
        }
        let n = self.theme_remarks.len();
        let mut with = std::mem::take(&mut self.scratch);
        with.clear();
        with.extend((0..hits.len().min(n)).filter(|&t| hits[t] > 0));
        for (k, &a) in with.iter().enumerate() {
            self.theme_remarks[a] += 1;
            for &b in &with[k + 1..] {
                self.pair_remarks[a * n + b] += 1;
            }
        }
        if !with.is_empty() {
            let committee = self.committees.id(at.committee);
            let speaker = (!at.speaker_id.is_empty()).then(|| self.speakers.id(at.speaker_id));
            let year = crate::model::year_of(at.date).unwrap_or(0);
            for &t in &with {
                self.first(committee, t, at);
                if let Some(sp) = speaker {
                    let tr = self
                        .trajectories
                        .entry((sp, t, committee, year))
                        .or_default();
                    tr.hits += hits[t] as u64;
                    tr.remarks_with += 1;
                    if tr.last_meeting != self.meeting_no {
                        tr.meetings += 1;
                        tr.last_meeting = self.meeting_no;
                    }
                    if tr.first_date.is_empty()
                        || (!at.date.is_empty() && at.date < tr.first_date.as_str())
                    {
                        tr.first_date = at.date.to_string();
                    }
                    if at.date > tr.last_date.as_str() {
                        tr.last_date = at.date.to_string();
                    }
                }
            }
        }
        self.scratch = with;
    }

    /// Keeps the remark at `at` as theme `t`'s first in `committee` if it is earlier (by date,
    /// meeting, seq) than the one kept; undated meetings are left out.
    fn first(&mut self, committee: u32, t: usize, at: &At<'_>) {
        if at.date.is_empty() {
            return;
        }
        let earlier = |f: &First| {
            (at.date, at.meeting_id, at.seq) < (f.date.as_str(), f.meeting_id.as_str(), f.seq)
        };
        match self.firsts.get(&(committee, t)) {
            Some(f) if !earlier(f) => {}
            _ => {
                self.firsts.insert(
                    (committee, t),
                    First {
                        date: at.date.to_string(),
                        meeting_id: at.meeting_id.to_string(),
                        seq: at.seq,
                        speaker_id: at.speaker_id.to_string(),
                    },
                );
            }
        }
    }

    /// Adds a committee's noun counts of one year.
    pub(super) fn year_nouns(&mut self, year: i32, counts: &FxHashMap<Noun, u64>) {
        let sums = self.year_nouns.entry(year).or_default();
        for (n, &k) in counts {
            match sums.get_mut(n) {
                Some(v) => *v += k,
                None => {
                    sums.insert(n.clone(), k);
                }
            }
        }
    }

    /// `theme_cooccurrence`: every pair of themes (a before b in id order) that share a remark.
    pub(super) fn cooccurrence(&self, themes: &[ThemeInfo], order: &[usize]) -> Result<DataFrame> {
        let n = self.theme_remarks.len();
        let (mut ta, mut tb, mut ra, mut rb, mut both, mut units) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut jac, mut pmi, mut npmi) = (vec![], vec![], vec![]);
        for (i, &a) in order.iter().enumerate() {
            for &b in &order[i + 1..] {
                let ab = self.pair_remarks[a.min(b) * n + a.max(b)];
                if ab == 0 {
                    continue;
                }
                let c = cooccurrence(
                    self.remarks,
                    self.theme_remarks[a],
                    self.theme_remarks[b],
                    ab,
                );
                ta.push(themes[a].id.clone());
                tb.push(themes[b].id.clone());
                ra.push(self.theme_remarks[a]);
                rb.push(self.theme_remarks[b]);
                both.push(ab);
                units.push(self.remarks);
                jac.push(round6(c.jaccard));
                pmi.push(round6(c.pmi));
                npmi.push(round6(c.npmi));
            }
        }
        df!(
            "theme_a" => ta,
            "theme_b" => tb,
            "remarks_a" => ra,
            "remarks_b" => rb,
            "remarks_both" => both,
            "remarks" => units,
            "jaccard" => jac,
            "pmi" => pmi,
            "npmi" => npmi,
        )
        .map_err(perr("theme_cooccurrence"))
    }

    /// `theme_firsts`: per theme, each committee's first remark with a hit (dated meetings
    /// only), in order of uptake; `days_after_first` counts from the first committee's date,
    /// `days_after_previous` from the committee before it.
    pub(super) fn firsts(&self, themes: &[ThemeInfo], order: &[usize]) -> Result<DataFrame> {
        let mut by_theme: BTreeMap<usize, Vec<(&First, &str)>> = BTreeMap::new();
        for ((c, t), f) in &self.firsts {
            let name = self.committees.name(*c);
            by_theme.entry(*t).or_default().push((f, name));
        }
        let (mut theme, mut committee, mut date, mut meeting, mut seq, mut speaker) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut rank, mut leader, mut after_first, mut after_prev) =
            (vec![], vec![], vec![], vec![]);
        for &t in order {
            let Some(list) = by_theme.get_mut(&t) else {
                continue;
            };
            list.sort();
            let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            let first_day = day(&list[0].0.date);
            let mut prev_day = first_day;
            for (k, (f, c)) in list.iter().enumerate() {
                let d = day(&f.date);
                let diff = |a: Option<NaiveDate>| match (d, a) {
                    (Some(d), Some(a)) => Some((d - a).num_days()),
                    _ => None,
                };
                theme.push(themes[t].id.clone());
                committee.push(c.to_string());
                date.push(f.date.clone());
                meeting.push(f.meeting_id.clone());
                seq.push(f.seq);
                speaker.push(f.speaker_id.clone());
                rank.push(k as u32 + 1);
                leader.push(list[0].1.to_string());
                after_first.push(diff(first_day));
                after_prev.push(diff(prev_day));
                prev_day = d;
            }
        }
        df!(
            "theme" => theme,
            "committee" => committee,
            "first_date" => date,
            "first_meeting_id" => meeting,
            "first_seq" => seq,
            "first_speaker_id" => speaker,
            "rank" => rank,
            "leader" => leader,
            "days_after_first" => after_first,
            "days_after_previous" => after_prev,
        )
        .map_err(perr("theme_firsts"))
    }

    /// `speaker_trajectories`: one row per person, theme, committee and year with hits.
    pub(super) fn trajectories(&self, themes: &[ThemeInfo]) -> Result<DataFrame> {
        let mut rows: Vec<(&str, &str, &str, i32, &Trajectory)> = self
            .trajectories
            .iter()
            .map(|((s, t, c, y), tr)| {
                (
                    self.speakers.name(*s),
                    themes[*t].id.as_str(),
                    self.committees.name(*c),
                    *y,
                    tr,
                )
            })
            .collect();
        rows.sort_by(|a, b| (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)));
        let col_s = |f: fn(&(&str, &str, &str, i32, &Trajectory)) -> String| {
            rows.iter().map(f).collect::<Vec<String>>()
        };
        let col_u = |f: fn(&(&str, &str, &str, i32, &Trajectory)) -> u64| {
            rows.iter().map(f).collect::<Vec<u64>>()
        };
        df!(
            "speaker_id" => col_s(|r| r.0.to_string()),
            "theme" => col_s(|r| r.1.to_string()),
            "committee" => col_s(|r| r.2.to_string()),
            "year" => rows.iter().map(|r| (r.3 != 0).then_some(r.3)).collect::<Vec<Option<i32>>>(),
            "hits" => col_u(|r| r.4.hits),
            "remarks_with" => col_u(|r| r.4.remarks_with),
            "meetings" => col_u(|r| r.4.meetings),
            "first_date" => col_s(|r| r.4.first_date.clone()),
            "last_date" => col_s(|r| r.4.last_date.clone()),
        )
        .map_err(perr("speaker_trajectories"))
    }

    /// `emerging_terms`: nouns (at least `min_count` in all) whose rate rises over the years,
    /// by a score test for a log-linear trend, Benjamini–Hochberg adjusted over all nouns
    /// tested; kept where q < 0.05, the trend rises, and no theme term contains the noun or is
    /// contained in it. Needs three years or more.
    pub(super) fn emerging(
        &self,
        themes: &[ThemeInfo],
        opts: &MovementOptions,
    ) -> Result<DataFrame> {
        let years: Vec<i32> = self.year_tokens.keys().copied().collect();
        let tokens: Vec<u64> = years.iter().map(|y| self.year_tokens[y]).collect();
        let x: Vec<f64> = years.iter().map(|&y| y as f64).collect();
        // Literal and prefix terms (a regular expression's source says little about which
        // nouns it covers).
        let terms: Vec<String> = themes
            .iter()
            .flat_map(|t| t.terms.iter())
            .filter(|t| !(t.len() >= 2 && t.starts_with('/') && t.ends_with('/')))
            .map(|t| t.trim_end_matches('*').to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let mut totals: FxHashMap<&Noun, u64> = FxHashMap::default();
        for m in self.year_nouns.values() {
            for (n, &k) in m {
                *totals.entry(n).or_default() += k;
            }
        }
        let mut tested = Vec::new();
        if years.len() >= 3 {
            for (n, &total) in &totals {
                if total < opts.emerging_min_count {
                    continue;
                }
                let counts: Vec<u64> = years
                    .iter()
                    .map(|y| {
                        self.year_nouns
                            .get(y)
                            .and_then(|m| m.get(*n))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect();
                let trend = rate_trend(&counts, &tokens, &x);
                tested.push((*n, total, counts, trend));
            }
        }
        let q = bh_adjust(&tested.iter().map(|t| t.3.p_value).collect::<Vec<_>>());
        let covered = |base: &str| {
            terms
                .iter()
                .any(|t| t.contains(base) || base.contains(t.as_str()))
        };
        let mut keep: Vec<(usize, f64)> = (0..tested.len())
            .filter(|&i| q[i] < 0.05 && tested[i].3.slope > 0.0 && !covered(&tested[i].0.base))
            .map(|i| (i, q[i]))
            .collect();
        keep.sort_by(|a, b| {
            tested[b.0]
                .3
                .z
                .total_cmp(&tested[a.0].3.z)
                .then_with(|| tested[a.0].0.cmp(tested[b.0].0))
        });
        keep.truncate(opts.emerging_max);
        let first_nonzero = |c: &[u64]| c.iter().position(|&k| k > 0).unwrap_or(0);
        let (mut term, mut pos, mut count, mut fy, mut ly) =
            (vec![], vec![], vec![], vec![], vec![]);
        let mut first_year = vec![];
        let (mut r_first, mut r_last, mut slope, mut z, mut p, mut qv, mut kwic) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for (i, qi) in keep {
            let (n, total, counts, tr) = &tested[i];
            let last = years.len() - 1;
            term.push(n.base.to_string());
            pos.push(n.pos.to_string());
            count.push(*total);
            fy.push(years[first_nonzero(counts)]);
            first_year.push(years[0]);
            ly.push(years[last]);
            r_first.push(rate(counts[0], tokens[0]));
            r_last.push(rate(counts[last], tokens[last]));
            slope.push(round6(tr.slope));
            z.push(round6(tr.z));
            p.push(tr.p_value);
            qv.push(qi);
            kwic.push(format!("kaigi kwic {} {}", n.base, opts.corpus));
        }
        df!(
            "term" => term,
            "pos" => pos,
            "count" => count,
            "first_year_seen" => fy,
            "first_year" => first_year,
            "last_year" => ly,
            "per_10k_first_year" => r_first,
            "per_10k_last_year" => r_last,
            "slope_per_year" => slope,
            "z" => z,
            "p_value" => p,
            "q_value" => qv,
            "kwic" => kwic,
        )
        .map_err(perr("emerging_terms"))
    }
}

/// `theme_bursts`: for each theme, the bursts of its rate over the dated meetings in date order,
/// in all committees together (`committee` empty) and in each committee with three or more
/// dated meetings.
pub(super) fn bursts_frame(
    meetings: &[MeetingAgg],
    themes: &[ThemeInfo],
    order: &[usize],
    params: &BurstParams,
) -> Result<DataFrame> {
    let mut dated: Vec<&MeetingAgg> = meetings.iter().filter(|m| !m.date.is_empty()).collect();
    dated.sort_by(|a, b| (&a.date, &a.meeting_id).cmp(&(&b.date, &b.meeting_id)));
    let mut groups: BTreeMap<&str, Vec<&MeetingAgg>> = BTreeMap::new();
    groups.insert("", dated.clone());
    for m in &dated {
        groups.entry(m.committee.as_str()).or_default().push(m);
    }
    let mut rows = BurstRows::default();
    for &t in order {
        for (c, ms) in &groups {
            if ms.len() < 3 {
                continue;
            }
            let r: Vec<u64> = ms.iter().map(|m| m.hits[t] as u64).collect();
            let d: Vec<u64> = ms.iter().map(|m| m.tokens).collect();
            let base = rate(r.iter().sum(), d.iter().sum());
            for b in bursts(&r, &d, params) {
                let span = &ms[b.start..=b.end];
                let hits: u64 = r[b.start..=b.end].iter().sum();
                let tokens: u64 = d[b.start..=b.end].iter().sum();
                rows.theme.push(themes[t].id.clone());
                rows.committee.push(c.to_string());
                rows.start_date.push(span[0].date.clone());
                rows.end_date.push(span[span.len() - 1].date.clone());
                rows.start_meeting.push(span[0].meeting_id.clone());
                rows.end_meeting
                    .push(span[span.len() - 1].meeting_id.clone());
                rows.meetings.push(span.len() as u64);
                rows.hits.push(hits);
                rows.tokens.push(tokens);
                rows.rate.push(rate(hits, tokens));
                rows.base.push(base);
                rows.weight.push(round6(b.weight));
            }
        }
    }
    df!(
        "theme" => rows.theme,
        "committee" => rows.committee,
        "start_date" => rows.start_date,
        "end_date" => rows.end_date,
        "start_meeting_id" => rows.start_meeting,
        "end_meeting_id" => rows.end_meeting,
        "meetings" => rows.meetings,
        "hits" => rows.hits,
        "tokens" => rows.tokens,
        "per_10k_tokens" => rows.rate,
        "base_per_10k_tokens" => rows.base,
        "weight" => rows.weight,
    )
    .map_err(perr("theme_bursts"))
}

#[derive(Default)]
struct BurstRows {
    theme: Vec<String>,
    committee: Vec<String>,
    start_date: Vec<String>,
    end_date: Vec<String>,
    start_meeting: Vec<String>,
    end_meeting: Vec<String>,
    meetings: Vec<u64>,
    hits: Vec<u64>,
    tokens: Vec<u64>,
    rate: Vec<f64>,
    base: Vec<f64>,
    weight: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(ids: &[&str]) -> Vec<ThemeInfo> {
        ids.iter()
            .map(|id| ThemeInfo {
                id: id.to_string(),
                label: id.to_string(),
                terms: vec![id.to_string()],
                show: false,
            })
            .collect()
    }

    fn at<'a>(
        meeting_id: &'a str,
        committee: &'a str,
        date: &'a str,
        speaker_id: &'a str,
    ) -> At<'a> {
        At {
            meeting_id,
            committee,
            date,
            seq: 1,
            speaker_id,
        }
    }

    fn col_str(df: &DataFrame, name: &str) -> Vec<String> {
        let c = df.column(name).unwrap().str().unwrap().clone();
        (0..c.len())
            .map(|i| c.get(i).unwrap_or("").to_string())
            .collect()
    }

    fn col_i64(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
        let c = df.column(name).unwrap().i64().unwrap().clone();
        (0..c.len()).map(|i| c.get(i)).collect()
    }

    fn col_u64(df: &DataFrame, name: &str) -> Vec<u64> {
        let c = df.column(name).unwrap().u64().unwrap().clone();
        (0..c.len()).map(|i| c.get(i).unwrap_or(0)).collect()
    }

    #[test]
    fn lead_lag_on_two_constructed_bodies() {
        let themes = info(&["x"]);
        let mut acc = MovementAcc::new(1);
        // Body A raises x on 2024-01-10 (and again later); body B first on 2024-03-01.
        acc.remark(&at("b2", "B", "2024-03-01", "乙"), &[1]);
        acc.remark(&at("a1", "A", "2024-01-10", "甲"), &[2]);
        acc.remark(&at("a2", "A", "2024-05-01", "甲"), &[1]);
        acc.remark(&at("b1", "B", "2024-02-01", "乙"), &[0]);
        let df = acc.firsts(&themes, &[0]).unwrap();
        assert_eq!(col_str(&df, "committee"), ["A", "B"]);
        assert_eq!(col_str(&df, "first_date"), ["2024-01-10", "2024-03-01"]);
        assert_eq!(col_str(&df, "first_speaker_id"), ["甲", "乙"]);
        assert_eq!(col_str(&df, "leader"), ["A", "A"]);
        // 2024 is a leap year: 21 days of January left + 29 of February + 1.
        assert_eq!(col_i64(&df, "days_after_first"), [Some(0), Some(51)]);
        assert_eq!(col_i64(&df, "days_after_previous"), [Some(0), Some(51)]);
    }

    #[test]
    fn cooccurrence_counts_remarks_with_both() {
        let themes = info(&["a", "b", "c"]);
        let mut acc = MovementAcc::new(3);
        for hits in [[1, 1, 0], [2, 0, 0], [0, 1, 0], [1, 3, 1]] {
            acc.remark(&at("m", "A", "2024-01-01", ""), &hits);
        }
        let df = acc.cooccurrence(&themes, &[0, 1, 2]).unwrap();
        assert_eq!(col_str(&df, "theme_a"), ["a", "a", "b"]);
        assert_eq!(col_str(&df, "theme_b"), ["b", "c", "c"]);
        assert_eq!(col_u64(&df, "remarks_both"), [2, 1, 1]);
        // a in 3 remarks, b in 3, both in 2: Jaccard 2 / (3 + 3 − 2) = 0.5.
        let jac = df.column("jaccard").unwrap().f64().unwrap().get(0);
        assert_eq!(jac, Some(0.5));
    }

    #[test]
    fn trajectories_count_meetings_once() {
        let themes = info(&["x"]);
        let mut acc = MovementAcc::new(1);
        acc.remark(&at("m1", "A", "2023-04-01", "甲"), &[1]);
        acc.remark(&at("m1", "A", "2023-04-01", "甲"), &[2]);
        acc.remark(&at("m2", "A", "2023-06-01", "甲"), &[1]);
        acc.remark(&at("m3", "A", "2024-01-01", "甲"), &[1]);
        acc.remark(&at("m3", "A", "2024-01-01", ""), &[1]);
        let df = acc.trajectories(&themes).unwrap();
        assert_eq!(df.height(), 2);
        assert_eq!(col_u64(&df, "hits"), [4, 1]);
        assert_eq!(col_u64(&df, "meetings"), [2, 1]);
        assert_eq!(col_str(&df, "first_date"), ["2023-04-01", "2024-01-01"]);
    }

    #[test]
    fn a_burst_is_found_in_a_jump_and_none_in_a_flat_series() {
        let themes = info(&["x"]);
        let meeting = |i: usize, hits: u32| MeetingAgg {
            meeting_id: format!("m{i:02}"),
            committee: "A".into(),
            group: String::new(),
            date: format!("2024-01-{:02}", i + 1),
            remarks: 1,
            tokens: 1000,
            hits: vec![hits],
            remarks_with: vec![],
        };
        let jump: Vec<MeetingAgg> = (0..20)
            .map(|i| meeting(i, if (8..=11).contains(&i) { 20 } else { 2 }))
            .collect();
        let df = bursts_frame(&jump, &themes, &[0], &BurstParams::default()).unwrap();
        // Once over all committees, once in committee A: the same four meetings.
        assert_eq!(col_str(&df, "committee"), ["", "A"]);
        assert_eq!(col_str(&df, "start_meeting_id"), ["m08", "m08"]);
        assert_eq!(col_str(&df, "end_meeting_id"), ["m11", "m11"]);
        let flat: Vec<MeetingAgg> = (0..20).map(|i| meeting(i, 2)).collect();
        assert_eq!(
            bursts_frame(&flat, &themes, &[0], &BurstParams::default())
                .unwrap()
                .height(),
            0
        );
    }

    #[test]
    fn emerging_terms_rise_and_are_not_covered_by_themes() {
        let themes = info(&["既存"]);
        let mut acc = MovementAcc::new(1);
        let noun = |b: &str| Noun::new(b, "名詞-一般");
        for (k, year) in (2019..=2024).enumerate() {
            let k = k as u64;
            let mut m = FxHashMap::default();
            m.insert(noun("新語"), 5 + 30 * k);
            m.insert(noun("平常"), 50);
            m.insert(noun("既存語"), 5 + 30 * k);
            acc.year_nouns(year, &m);
            acc.year_tokens.insert(year, 100_000);
        }
        let df = acc.emerging(&themes, &MovementOptions::default()).unwrap();
        assert_eq!(col_str(&df, "term"), ["新語"]);
        assert_eq!(col_str(&df, "kwic"), ["kaigi kwic 新語 data/corpus"]);
    }
}
