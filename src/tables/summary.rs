//! The tables made from the run's sums once the corpus is read: `themes_by_committee`,
//! `speaker_themes` and `committee_keyness`, with the excerpts of the streamed ones.

use std::collections::BTreeMap;

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::aggregate::Aggregator;
use super::keyness::keyness;
use super::{perr, rate, round6};
use crate::error::Result;
use crate::model::Role;
use crate::segment::Noun;
use crate::stats::{bh_adjust, rate_interval};

/// The tables of a run.
pub struct Tables {
    pub meetings: DataFrame,
    pub theme_counts: DataFrame,
    pub themes_by_committee: DataFrame,
    pub speaker_themes: DataFrame,
    pub top_terms: DataFrame,
    pub committee_keyness: DataFrame,
    /// `committee_keyness`'s rows, typed (for the committee × theme chart).
    pub keyness_rows: Vec<KeynessRow>,
    /// Hits per theme and role (for the speaker_roles chart).
    pub role_hits: Vec<(String, String, Role, u64)>,
    pub theme_firsts: DataFrame,
    pub theme_bursts: DataFrame,
    pub theme_cooccurrence: DataFrame,
    pub speaker_trajectories: DataFrame,
    pub emerging_terms: DataFrame,
}

impl Aggregator {
    /// The first rows of the `meetings` table (streamed to `meetings.csv`/`.parquet` as meetings
    /// arrived, in meeting_id order); empty before [`Aggregator::finish_remarks`] or without an
    /// output folder.
    pub fn meetings_frame(&self) -> Result<DataFrame> {
        Ok(self.meetings_excerpt.clone())
    }

    /// All tables (for a run with themes).
    pub fn tables(&self) -> Result<Tables> {
        let meetings = self.meetings_frame()?;
        let (theme_counts, top_terms) = self.excerpts.clone().unwrap_or_default();
        let keyness_rows = self.keyness_rows();
        let mv = &self.movement;
        Ok(Tables {
            theme_firsts: mv.firsts(&self.themes, &self.theme_order)?,
            theme_bursts: super::movement::bursts_frame(
                &self.meetings,
                &self.themes,
                &self.theme_order,
                &self.movement_opts.burst,
            )?,
            theme_cooccurrence: mv.cooccurrence(&self.themes, &self.theme_order)?,
            speaker_trajectories: mv.trajectories(&self.themes)?,
            emerging_terms: mv.emerging(&self.themes, &self.movement_opts)?,
            meetings,
            themes_by_committee: self.by_committee()?,
            speaker_themes: self.speaker_themes()?,
            top_terms,
            committee_keyness: Self::keyness_frame(&keyness_rows, self.group_by)?,
            keyness_rows,
            role_hits: self
                .role_hits
                .iter()
                .map(|(&(t, role), &h)| {
                    (
                        self.themes[t].id.clone(),
                        self.themes[t].label.clone(),
                        role,
                        h,
                    )
                })
                .collect(),
            theme_counts,
        })
    }

    /// `themes_by_committee`: one row per committee and theme, from the committee sums.
    fn by_committee(&self) -> Result<DataFrame> {
        let mut c = ByCommitteeRows::default();
        for (name, acc) in &self.committees {
            for &t in &self.theme_order {
                c.committee.push(name.clone());
                c.theme.push(self.themes[t].id.clone());
                c.hits.push(acc.hits[t]);
                c.remarks_with.push(acc.remarks_with[t]);
                c.remarks.push(acc.remarks);
                c.tokens.push(acc.tokens);
                c.per_10k.push(rate(acc.hits[t], acc.tokens));
                let (lo, hi) = rate_interval(acc.hits[t], acc.tokens);
                c.rate_low.push(lo);
                c.rate_high.push(hi);
                c.meetings.push(acc.meetings);
                c.meetings_with.push(acc.meetings_with[t]);
                c.label.push(self.themes[t].label.clone());
            }
        }
        df!(
            self.group_by.as_str() => c.committee,
            "theme" => c.theme,
            "hits" => c.hits,
            "remarks_with" => c.remarks_with,
            "remarks" => c.remarks,
            "tokens" => c.tokens,
            "per_10k_tokens" => c.per_10k,
            "rate_low" => c.rate_low,
            "rate_high" => c.rate_high,
            "meetings" => c.meetings,
            "meetings_with" => c.meetings_with,
            "theme_label" => c.label,
        )
        .map_err(perr("themes_by_committee"))
    }

    fn speaker_themes(&self) -> Result<DataFrame> {
        let mut speaker = Vec::new();
        let mut label = Vec::new();
        let mut role = Vec::new();
        let mut theme = Vec::new();
        let mut hits = Vec::new();
        let mut rw = Vec::new();
        let mut tokens = Vec::new();
        let all = self.speakers.iter().flat_map(|(s, by_label)| {
            by_label
                .iter()
                .flat_map(move |(l, by_role)| by_role.iter().map(move |(r, a)| (s, l, r, a)))
        });
        for (s, l, r, a) in all {
            for (t, th) in self.themes.iter().enumerate() {
                if a.hits[t] == 0 {
                    continue;
                }
                speaker.push(s.clone());
                label.push(l.clone());
                role.push(r.as_str().to_string());
                theme.push(th.id.clone());
                hits.push(a.hits[t]);
                rw.push(a.remarks_with[t]);
                tokens.push(a.tokens);
            }
        }
        let df = df!(
            "speaker" => speaker,
            "speaker_label" => label,
            "role" => role,
            "theme" => theme,
            "hits" => hits,
            "remarks_with" => rw,
            "tokens" => tokens,
        )
        .map_err(perr("speaker_themes"))?;
        sort(
            df,
            &["speaker", "speaker_label", "role", "theme"],
            "speaker_themes",
        )
    }

    /// `committee_keyness`: each committee against all the others, for every theme and for the
    /// committee's most distinctive nouns; in key order (committee, feature type, feature).
    fn keyness_rows(&self) -> Vec<KeynessRow> {
        let committees: BTreeMap<&str, (u64, &Vec<u64>)> = self
            .committees
            .iter()
            .map(|(c, a)| (c.as_str(), (a.tokens, &a.hits)))
            .collect();
        let total_tokens: u64 = committees.values().map(|v| v.0).sum();
        let mut total_hits = vec![0u64; self.themes.len()];
        for v in committees.values() {
            for (t, h) in v.1.iter().enumerate() {
                total_hits[t] += h;
            }
        }
        let mut noun_totals: FxHashMap<&Noun, u64> = FxHashMap::default();
        for cn in self.committee_nouns.values() {
            for (n, k) in cn {
                *noun_totals.entry(n).or_default() += k;
            }
        }
        let totals = &noun_totals;
        let mut rows = Vec::new();
        for (&c, (tok, hits)) in &committees {
            let ref_tokens = total_tokens - tok;
            let counts = |a: u64, b: u64| [a, b, *tok, ref_tokens];
            for (t, th) in self.themes.iter().enumerate() {
                let n = counts(hits[t], total_hits[t] - hits[t]);
                rows.push(KeynessRow::new(c, "theme", th.id.clone(), &th.label, n));
            }
            // Nouns: the 30 most over-represented with at least 3 occurrences.
            if let Some(nouns) = self.committee_nouns.get(c) {
                let mut cand: Vec<(&Noun, u64, u64, f64)> = nouns
                    .iter()
                    .filter(|(_, &k)| k >= 3)
                    .map(|(n, &k)| {
                        let other = totals.get(n).copied().unwrap_or(k) - k;
                        (n, k, other, keyness(k, other, *tok, ref_tokens).g2)
                    })
                    .filter(|x| x.3 > 0.0)
                    .collect();
                cand.sort_by(|a, b| b.3.total_cmp(&a.3).then_with(|| a.0.cmp(b.0)));
                for (n, k, other, _) in cand.into_iter().take(30) {
                    let feat = format!("{} ({})", n.base, n.pos);
                    rows.push(KeynessRow::new(c, "term", feat, &n.base, counts(k, other)));
                }
            }
        }
        rows.sort_by(|a, b| {
            (&a.committee, a.feature_type, &a.feature).cmp(&(
                &b.committee,
                b.feature_type,
                &b.feature,
            ))
        });
        // Benjamini–Hochberg over each family: all committees' theme rows, and all their
        // noun rows.
        for family in ["theme", "term"] {
            let idx: Vec<usize> = (0..rows.len())
                .filter(|&i| rows[i].feature_type == family)
                .collect();
            let p: Vec<f64> = idx.iter().map(|&i| rows[i].p_value).collect();
            for (&i, q) in idx.iter().zip(bh_adjust(&p)) {
                rows[i].q_value = round_p(q);
            }
        }
        rows
    }

    /// `committee_keyness` as a frame.
    fn keyness_frame(rows: &[KeynessRow], by: super::GroupBy) -> Result<DataFrame> {
        let col = |f: fn(&KeynessRow) -> u64| rows.iter().map(f).collect::<Vec<u64>>();
        let fcol = |f: fn(&KeynessRow) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
        let scol = |f: fn(&KeynessRow) -> &str| rows.iter().map(f).collect::<Vec<&str>>();
        df!(
            by.as_str() => scol(|r| &r.committee),
            "feature_type" => scol(|r| r.feature_type),
            "feature" => scol(|r| &r.feature),
            "label" => scol(|r| &r.label),
            "target_count" => col(|r| r.target_count),
            "reference_count" => col(|r| r.reference_count),
            "target_tokens" => col(|r| r.target_tokens),
            "reference_tokens" => col(|r| r.reference_tokens),
            "target_per_10k" => fcol(|r| r.target_per_10k),
            "reference_per_10k" => fcol(|r| r.reference_per_10k),
            "g2" => fcol(|r| r.g2),
            "p_value" => fcol(|r| r.p_value),
            "log_ratio" => fcol(|r| r.log_ratio),
            "q_value" => fcol(|r| r.q_value),
        )
        .map_err(perr("committee_keyness"))
    }
}

#[derive(Default)]
struct ByCommitteeRows {
    committee: Vec<String>,
    theme: Vec<String>,
    hits: Vec<u64>,
    remarks_with: Vec<u64>,
    remarks: Vec<u64>,
    tokens: Vec<u64>,
    per_10k: Vec<f64>,
    rate_low: Vec<f64>,
    rate_high: Vec<f64>,
    meetings: Vec<u64>,
    meetings_with: Vec<u64>,
    label: Vec<String>,
}

/// One row of `committee_keyness`: a committee's count of a feature (a theme, or a noun)
/// against all the other committees'.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessRow {
    pub committee: String,
    /// `theme` or `term`.
    pub feature_type: &'static str,
    /// The theme's id, or `base (pos)` for a noun.
    pub feature: String,
    pub label: String,
    pub target_count: u64,
    pub reference_count: u64,
    pub target_tokens: u64,
    pub reference_tokens: u64,
    pub target_per_10k: f64,
    pub reference_per_10k: f64,
    pub g2: f64,
    pub p_value: f64,
    pub log_ratio: f64,
    /// Benjamini–Hochberg adjusted p-value over the table's rows of the same feature type.
    pub q_value: f64,
}

impl KeynessRow {
    /// The row for counts `[target, reference, target tokens, reference tokens]`.
    fn new(
        committee: &str,
        feature_type: &'static str,
        feature: String,
        label: &str,
        [a, b, c, d]: [u64; 4],
    ) -> KeynessRow {
        let k = keyness(a, b, c, d);
        KeynessRow {
            committee: committee.to_string(),
            feature_type,
            feature,
            label: label.to_string(),
            target_count: a,
            reference_count: b,
            target_tokens: c,
            reference_tokens: d,
            target_per_10k: rate(a, c),
            reference_per_10k: rate(b, d),
            g2: round6(k.g2),
            p_value: round_p(k.p_value),
            log_ratio: round6(k.log_ratio),
            q_value: 1.0,
        }
    }
}

/// A p-value rounded to six significant digits (kept as is below 1e-12).
fn round_p(p: f64) -> f64 {
    if p < 1e-12 {
        p
    } else {
        round6_sig(p)
    }
}

fn round6_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    let f = 10f64.powi(5 - mag);
    (x * f).round() / f
}

fn sort(df: DataFrame, by: &[&str], ctx: &str) -> Result<DataFrame> {
    df.lazy()
        .sort(
            by.to_vec(),
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()
        .map_err(perr(ctx))
}
