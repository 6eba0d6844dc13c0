//! Frames: the run's results as polars DataFrames, and writing them as CSV and Parquet.
//!
//! Takes the pipeline's ordered stream of meetings and remarks (as a [`crate::pipeline::Visitor`])
//! and gives the tables of the report contract: `meetings`, `remarks` (streamed to disk as it
//! arrives, so memory does not grow with the corpus), `theme_counts`, `themes_by_committee`,
//! `speaker_themes`, `top_terms` and `committee_keyness`. Every table is sorted by its key
//! columns so that the same input gives byte-identical files whatever the thread count.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::keyness::keyness;
use crate::model::{Meeting, Role};
use crate::pipeline::{RemarkResult, Visitor};
use crate::segment::Noun;
use crate::themes::ThemeSet;

fn perr(ctx: &str) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::output(ctx, e)
}

/// A theme's id and label, as the tables name it.
#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub id: String,
    pub label: String,
}

impl ThemeInfo {
    /// The themes of a theme set, in file order.
    pub fn of(set: &ThemeSet) -> Vec<ThemeInfo> {
        set.themes
            .iter()
            .map(|t| ThemeInfo {
                id: t.id.clone(),
                label: t.label.clone(),
            })
            .collect()
    }
}

/// One meeting's row and aggregates.
#[derive(Debug, Clone)]
pub struct MeetingAgg {
    pub meeting_id: String,
    pub source: String,
    pub title: String,
    pub committee: String,
    pub parent: String,
    pub ministry: String,
    pub session: Option<u32>,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub place: String,
    pub attendees: u32,
    pub materials: u32,
    pub remarks: u32,
    pub tokens: u64,
    pub hits: Vec<u64>,
    pub remarks_with: Vec<u64>,
    /// The most frequent nouns, at most `top_terms` of them.
    pub top_nouns: Vec<(Noun, u32)>,
}

#[derive(Debug, Clone, Default)]
struct SpeakerAgg {
    tokens: u64,
    hits: Vec<u64>,
    remarks_with: Vec<u64>,
}

/// Streams `remarks` to CSV and Parquet as the rows arrive.
struct RemarkWriter {
    csv: csv::Writer<BufWriter<File>>,
    parquet: Option<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>,
    parquet_path: PathBuf,
    buf: RemarkBuf,
    themes: Vec<ThemeInfo>,
}

#[derive(Default)]
struct RemarkBuf {
    meeting_id: Vec<String>,
    date: Vec<String>,
    committee: Vec<String>,
    seq: Vec<u32>,
    speaker: Vec<String>,
    speaker_label: Vec<String>,
    role: Vec<String>,
    section: Vec<String>,
    via_chat: Vec<bool>,
    tokens: Vec<u32>,
    hits_total: Vec<u64>,
    text: Vec<String>,
}

const REMARK_BATCH: usize = 20_000;

impl RemarkWriter {
    fn new(dir: &Path, themes: Vec<ThemeInfo>) -> Result<Self> {
        let path = dir.join("remarks.csv");
        let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut csv = csv::WriterBuilder::new().from_writer(BufWriter::new(f));
        csv.write_record([
            "meeting_id",
            "seq",
            "speaker",
            "speaker_label",
            "role",
            "section",
            "via_chat",
            "tokens",
            "text",
            "date",
            "committee",
            "hits_total",
        ])
        .map_err(|e| Error::output("remarks.csv", e))?;
        Ok(RemarkWriter {
            csv,
            parquet: None,
            parquet_path: dir.join("remarks.parquet"),
            buf: RemarkBuf::default(),
            themes,
        })
    }

    fn push(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let m = r.meeting;
        let rem = r.remark;
        let hits_total: u64 = r.hits.iter().map(|&h| h as u64).sum();
        let date = m.date.clone().unwrap_or_default();
        let seq = rem.seq.to_string();
        let tokens = r.tokens.to_string();
        let ht = hits_total.to_string();
        self.csv
            .write_record([
                m.meeting_id.as_str(),
                &seq,
                &rem.speaker,
                &rem.speaker_label,
                rem.role.as_str(),
                &rem.section,
                if rem.via_chat { "true" } else { "false" },
                &tokens,
                &rem.text,
                &date,
                &m.committee,
                &ht,
            ])
            .map_err(|e| Error::output("remarks.csv", e))?;
        let b = &mut self.buf;
        b.meeting_id.push(m.meeting_id.clone());
        b.date.push(date);
        b.committee.push(m.committee.clone());
        b.seq.push(rem.seq);
        b.speaker.push(rem.speaker.clone());
        b.speaker_label.push(rem.speaker_label.clone());
        b.role.push(rem.role.as_str().to_string());
        b.section.push(rem.section.clone());
        b.via_chat.push(rem.via_chat);
        b.tokens.push(r.tokens);
        b.hits_total.push(hits_total);
        b.text.push(rem.text.clone());
        if b.seq.len() >= REMARK_BATCH {
            self.flush_parquet()?;
        }
        Ok(())
    }

    fn flush_parquet(&mut self) -> Result<()> {
        let b = std::mem::take(&mut self.buf);
        if b.seq.is_empty() && self.parquet.is_some() {
            return Ok(());
        }
        let mut df = df!(
            "meeting_id" => b.meeting_id,
            "seq" => b.seq,
            "speaker" => b.speaker,
            "speaker_label" => b.speaker_label,
            "role" => b.role,
            "section" => b.section,
            "via_chat" => b.via_chat,
            "tokens" => b.tokens,
            "text" => b.text,
            "date" => b.date,
            "committee" => b.committee,
            "hits_total" => b.hits_total,
        )
        .map_err(perr("remarks.parquet"))?;
        if self.parquet.is_none() {
            let f =
                File::create(&self.parquet_path).map_err(|e| Error::io(&self.parquet_path, e))?;
            let w = ParquetWriter::new(BufWriter::new(f))
                .with_compression(ParquetCompression::Snappy)
                .batched(df.schema())
                .map_err(perr("remarks.parquet"))?;
            self.parquet = Some(w);
        }
        if df.height() > 0 {
            df.rechunk_mut();
            self.parquet
                .as_mut()
                .expect("created above")
                .write_batch(&df)
                .map_err(perr("remarks.parquet"))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush_parquet()?;
        if let Some(w) = self.parquet.take() {
            w.finish().map_err(perr("remarks.parquet"))?;
        }
        self.csv.flush().map_err(|e| Error::io("remarks.csv", e))?;
        let _ = &self.themes;
        Ok(())
    }
}

/// Collects the run's aggregates (and streams remarks, when given a folder).
pub struct Aggregator {
    themes: Vec<ThemeInfo>,
    top_terms: usize,
    pub meetings: Vec<MeetingAgg>,
    speakers: BTreeMap<(String, String, Role), SpeakerAgg>,
    /// Hits per (theme, role).
    role_hits: BTreeMap<(usize, Role), u64>,
    /// Noun counts per committee (all nouns), and tokens per committee.
    committee_nouns: HashMap<String, FxHashMap<Noun, u64>>,
    remark_writer: Option<RemarkWriter>,
}

impl Aggregator {
    /// An aggregator for these themes. With `remarks_dir`, remarks are streamed to
    /// `remarks.csv`/`.parquet` there.
    pub fn new(
        themes: Vec<ThemeInfo>,
        top_terms: usize,
        remarks_dir: Option<&Path>,
    ) -> Result<Self> {
        let remark_writer = match remarks_dir {
            Some(d) => Some(RemarkWriter::new(d, themes.clone())?),
            None => None,
        };
        Ok(Aggregator {
            themes,
            top_terms,
            meetings: Vec::new(),
            speakers: BTreeMap::new(),
            role_hits: BTreeMap::new(),
            committee_nouns: HashMap::new(),
            remark_writer,
        })
    }

    /// Closes the remark files.
    pub fn finish_remarks(&mut self) -> Result<()> {
        if let Some(w) = self.remark_writer.take() {
            w.finish()?;
        }
        Ok(())
    }

    /// The themes counted.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }
}

impl Visitor for Aggregator {
    fn meeting(&mut self, m: &Meeting, tokens: u64, nouns: &[(Noun, u32)]) -> Result<()> {
        let n = self.themes.len();
        if !nouns.is_empty() {
            let c = self.committee_nouns.entry(m.committee.clone()).or_default();
            for (noun, k) in nouns {
                *c.entry(noun.clone()).or_default() += *k as u64;
            }
        }
        self.meetings.push(MeetingAgg {
            meeting_id: m.meeting_id.clone(),
            source: m.source.clone(),
            title: m.title.clone(),
            committee: m.committee.clone(),
            parent: m.parent.clone(),
            ministry: m.ministry.clone(),
            session: m.session,
            date: m.date.clone().unwrap_or_default(),
            start_time: m.start_time.clone().unwrap_or_default(),
            end_time: m.end_time.clone().unwrap_or_default(),
            place: m.place.clone().unwrap_or_default(),
            attendees: m.attendees.len() as u32,
            materials: m.materials.len() as u32,
            remarks: m.remarks.len() as u32,
            tokens,
            hits: vec![0; n],
            remarks_with: vec![0; n],
            top_nouns: nouns.iter().take(self.top_terms).cloned().collect(),
        });
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let n = self.themes.len();
        let agg = self
            .meetings
            .last_mut()
            .expect("meeting before its remarks");
        let sp = self
            .speakers
            .entry((
                r.remark.speaker.clone(),
                r.remark.speaker_label.clone(),
                r.remark.role,
            ))
            .or_insert_with(|| SpeakerAgg {
                tokens: 0,
                hits: vec![0; n],
                remarks_with: vec![0; n],
            });
        sp.tokens += r.tokens as u64;
        for (t, &h) in r.hits.iter().enumerate() {
            if h > 0 {
                agg.hits[t] += h as u64;
                agg.remarks_with[t] += 1;
                sp.hits[t] += h as u64;
                sp.remarks_with[t] += 1;
                *self.role_hits.entry((t, r.remark.role)).or_default() += h as u64;
            }
        }
        if let Some(w) = self.remark_writer.as_mut() {
            w.push(r)?;
        }
        Ok(())
    }
}

fn rate(hits: u64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        // Rounded so that CSV output does not depend on float noise.
        (hits as f64 / tokens as f64 * 10_000.0 * 1e6).round() / 1e6
    }
}

fn round6(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e6).round() / 1e6
    } else {
        x
    }
}

/// The tables of a run.
pub struct Tables {
    pub meetings: DataFrame,
    pub theme_counts: DataFrame,
    pub themes_by_committee: DataFrame,
    pub speaker_themes: DataFrame,
    pub top_terms: DataFrame,
    pub committee_keyness: DataFrame,
    /// Hits per theme and role (for the speaker_roles chart).
    pub role_hits: Vec<(String, String, Role, u64)>,
}

impl Aggregator {
    /// The `meetings` table.
    pub fn meetings_frame(&self) -> Result<DataFrame> {
        let m = &self.meetings;
        let df = df!(
            "meeting_id" => m.iter().map(|x| x.meeting_id.clone()).collect::<Vec<_>>(),
            "source" => m.iter().map(|x| x.source.clone()).collect::<Vec<_>>(),
            "committee" => m.iter().map(|x| x.committee.clone()).collect::<Vec<_>>(),
            "parent" => m.iter().map(|x| x.parent.clone()).collect::<Vec<_>>(),
            "ministry" => m.iter().map(|x| x.ministry.clone()).collect::<Vec<_>>(),
            "session" => m.iter().map(|x| x.session).collect::<Vec<Option<u32>>>(),
            "date" => m.iter().map(|x| x.date.clone()).collect::<Vec<_>>(),
            "remarks" => m.iter().map(|x| x.remarks).collect::<Vec<_>>(),
            "tokens" => m.iter().map(|x| x.tokens).collect::<Vec<_>>(),
            "title" => m.iter().map(|x| x.title.clone()).collect::<Vec<_>>(),
            "start_time" => m.iter().map(|x| x.start_time.clone()).collect::<Vec<_>>(),
            "end_time" => m.iter().map(|x| x.end_time.clone()).collect::<Vec<_>>(),
            "place" => m.iter().map(|x| x.place.clone()).collect::<Vec<_>>(),
            "attendees" => m.iter().map(|x| x.attendees).collect::<Vec<_>>(),
            "materials" => m.iter().map(|x| x.materials).collect::<Vec<_>>(),
        )
        .map_err(perr("meetings"))?;
        sort(df, &["meeting_id"], "meetings")
    }

    /// All tables (for a run with themes).
    pub fn tables(&self) -> Result<Tables> {
        let meetings = self.meetings_frame()?;
        let theme_counts = self.theme_counts()?;
        let themes_by_committee = by_committee(&theme_counts)?;
        Ok(Tables {
            meetings,
            themes_by_committee,
            speaker_themes: self.speaker_themes()?,
            top_terms: self.top_terms()?,
            committee_keyness: self.keyness()?,
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

    fn theme_counts(&self) -> Result<DataFrame> {
        let mut c = ThemeRows::default();
        for m in &self.meetings {
            for (t, th) in self.themes.iter().enumerate() {
                c.meeting_id.push(m.meeting_id.clone());
                c.committee.push(m.committee.clone());
                c.date.push(m.date.clone());
                c.theme.push(th.id.clone());
                c.theme_label.push(th.label.clone());
                c.hits.push(m.hits[t]);
                c.remarks_with.push(m.remarks_with[t]);
                c.remarks.push(m.remarks as u64);
                c.tokens.push(m.tokens);
                c.per_10k.push(rate(m.hits[t], m.tokens));
            }
        }
        let df = df!(
            "meeting_id" => c.meeting_id,
            "committee" => c.committee,
            "date" => c.date,
            "theme" => c.theme,
            "hits" => c.hits,
            "remarks_with" => c.remarks_with,
            "remarks" => c.remarks,
            "tokens" => c.tokens,
            "per_10k_tokens" => c.per_10k,
            "theme_label" => c.theme_label,
        )
        .map_err(perr("theme_counts"))?;
        sort(df, &["meeting_id", "theme"], "theme_counts")
    }

    fn speaker_themes(&self) -> Result<DataFrame> {
        let mut speaker = Vec::new();
        let mut label = Vec::new();
        let mut role = Vec::new();
        let mut theme = Vec::new();
        let mut hits = Vec::new();
        let mut rw = Vec::new();
        let mut tokens = Vec::new();
        for ((s, l, r), a) in &self.speakers {
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

    fn top_terms(&self) -> Result<DataFrame> {
        let mut mid = Vec::new();
        let mut term = Vec::new();
        let mut pos = Vec::new();
        let mut count = Vec::new();
        let mut rank = Vec::new();
        for m in &self.meetings {
            for (i, (n, c)) in m.top_nouns.iter().enumerate() {
                mid.push(m.meeting_id.clone());
                term.push(n.base.clone());
                pos.push(n.pos.clone());
                count.push(*c);
                rank.push(i as u32 + 1);
            }
        }
        let df = df!(
            "meeting_id" => mid,
            "rank" => rank,
            "term" => term,
            "pos" => pos,
            "count" => count,
        )
        .map_err(perr("top_terms"))?;
        sort(df, &["meeting_id", "rank"], "top_terms")
    }

    /// `committee_keyness`: each committee against all the others, for every theme and for the
    /// committee's most distinctive nouns.
    fn keyness(&self) -> Result<DataFrame> {
        let mut committees: BTreeMap<&str, (u64, Vec<u64>)> = BTreeMap::new();
        for m in &self.meetings {
            let e = committees
                .entry(m.committee.as_str())
                .or_insert_with(|| (0, vec![0; self.themes.len()]));
            e.0 += m.tokens;
            for (t, h) in m.hits.iter().enumerate() {
                e.1[t] += h;
            }
        }
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
        let mut rows = KeyRows::default();
        for (&c, (tok, hits)) in &committees {
            let ref_tokens = total_tokens - tok;
            for (t, th) in self.themes.iter().enumerate() {
                rows.push(
                    c,
                    "theme",
                    &th.id,
                    &th.label,
                    hits[t],
                    total_hits[t] - hits[t],
                    *tok,
                    ref_tokens,
                );
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
                    rows.push(c, "term", &feat, &n.base, k, other, *tok, ref_tokens);
                }
            }
        }
        let df = df!(
            "committee" => rows.committee,
            "feature_type" => rows.kind,
            "feature" => rows.feature,
            "label" => rows.label,
            "target_count" => rows.a,
            "reference_count" => rows.b,
            "target_tokens" => rows.c,
            "reference_tokens" => rows.d,
            "target_per_10k" => rows.rate_t,
            "reference_per_10k" => rows.rate_r,
            "g2" => rows.g2,
            "p_value" => rows.p,
            "log_ratio" => rows.lr,
        )
        .map_err(perr("committee_keyness"))?;
        sort(
            df,
            &["committee", "feature_type", "feature"],
            "committee_keyness",
        )
    }
}

#[derive(Default)]
struct ThemeRows {
    meeting_id: Vec<String>,
    committee: Vec<String>,
    date: Vec<String>,
    theme: Vec<String>,
    theme_label: Vec<String>,
    hits: Vec<u64>,
    remarks_with: Vec<u64>,
    remarks: Vec<u64>,
    tokens: Vec<u64>,
    per_10k: Vec<f64>,
}

#[derive(Default)]
struct KeyRows {
    committee: Vec<String>,
    kind: Vec<String>,
    feature: Vec<String>,
    label: Vec<String>,
    a: Vec<u64>,
    b: Vec<u64>,
    c: Vec<u64>,
    d: Vec<u64>,
    rate_t: Vec<f64>,
    rate_r: Vec<f64>,
    g2: Vec<f64>,
    p: Vec<f64>,
    lr: Vec<f64>,
}

impl KeyRows {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        committee: &str,
        kind: &str,
        feature: &str,
        label: &str,
        a: u64,
        b: u64,
        c: u64,
        d: u64,
    ) {
        let k = keyness(a, b, c, d);
        self.committee.push(committee.to_string());
        self.kind.push(kind.to_string());
        self.feature.push(feature.to_string());
        self.label.push(label.to_string());
        self.a.push(a);
        self.b.push(b);
        self.c.push(c);
        self.d.push(d);
        self.rate_t.push(rate(a, c));
        self.rate_r.push(rate(b, d));
        self.g2.push(round6(k.g2));
        self.p.push(if k.p_value < 1e-12 {
            k.p_value
        } else {
            round6_sig(k.p_value)
        });
        self.lr.push(round6(k.log_ratio));
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

/// `themes_by_committee` from `theme_counts`, with polars' group-by.
pub fn by_committee(theme_counts: &DataFrame) -> Result<DataFrame> {
    let df = theme_counts
        .clone()
        .lazy()
        .group_by([col("committee"), col("theme")])
        .agg([
            col("hits").sum().alias("hits"),
            col("remarks_with").sum().alias("remarks_with"),
            col("remarks").sum().alias("remarks"),
            col("tokens").sum().alias("tokens"),
            len().cast(DataType::UInt32).alias("meetings"),
            col("hits")
                .gt(lit(0))
                .cast(DataType::UInt32)
                .sum()
                .alias("meetings_with"),
            col("theme_label").first().alias("theme_label"),
        ])
        .select([
            col("committee"),
            col("theme"),
            col("hits"),
            col("remarks_with"),
            col("remarks"),
            col("tokens"),
            col("meetings"),
            col("meetings_with"),
            col("theme_label"),
        ])
        .sort(["committee", "theme"], SortMultipleOptions::default())
        .collect()
        .map_err(perr("themes_by_committee"))?;
    // The rate, computed as in theme_counts (rounded to 6 decimals).
    let hits = df.column("hits").and_then(|c| c.u64().cloned());
    let tokens = df.column("tokens").and_then(|c| c.u64().cloned());
    let (hits, tokens) = (
        hits.map_err(perr("themes_by_committee"))?,
        tokens.map_err(perr("themes_by_committee"))?,
    );
    let rates: Vec<f64> = hits
        .iter()
        .zip(tokens.iter())
        .map(|(h, t)| rate(h.unwrap_or(0), t.unwrap_or(0)))
        .collect();
    let mut df = df;
    df.insert_column(6, Column::new("per_10k_tokens".into(), rates))
        .map_err(perr("themes_by_committee"))?;
    Ok(df)
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

/// Writes `df` as `<dir>/<name>.csv` and `<dir>/<name>.parquet`.
pub fn write_table(df: &mut DataFrame, dir: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let csv_path = dir.join(format!("{name}.csv"));
    let f = File::create(&csv_path).map_err(|e| Error::io(&csv_path, e))?;
    CsvWriter::new(BufWriter::new(f))
        .include_header(true)
        .finish(df)
        .map_err(perr(name))?;
    let pq_path = dir.join(format!("{name}.parquet"));
    let f = File::create(&pq_path).map_err(|e| Error::io(&pq_path, e))?;
    ParquetWriter::new(BufWriter::new(f))
        .with_compression(ParquetCompression::Snappy)
        .finish(df)
        .map_err(perr(name))?;
    Ok(vec![csv_path, pq_path])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_committee_sums_and_rates() {
        let tc = df!(
            "meeting_id" => ["a", "a", "b", "b"],
            "committee" => ["X", "X", "X", "X"],
            "date" => ["2020-01-01", "2020-01-01", "2020-02-01", "2020-02-01"],
            "theme" => ["t1", "t2", "t1", "t2"],
            "hits" => [2u64, 0, 3, 0],
            "remarks_with" => [1u64, 0, 2, 0],
            "remarks" => [4u64, 4, 6, 6],
            "tokens" => [1000u64, 1000, 4000, 4000],
            "per_10k_tokens" => [20.0, 0.0, 7.5, 0.0],
            "theme_label" => ["T1", "T2", "T1", "T2"],
        )
        .unwrap();
        let bc = by_committee(&tc).unwrap();
        assert_eq!(bc.height(), 2);
        let hits = bc.column("hits").unwrap().u64().unwrap().get(0);
        assert_eq!(hits, Some(5));
        let rate = bc
            .column("per_10k_tokens")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((rate - 10.0).abs() < 1e-9);
        let mw = bc.column("meetings_with").unwrap().u32().unwrap();
        assert_eq!((mw.get(0), mw.get(1)), (Some(2), Some(0)));
        assert_eq!(
            bc.column("meetings").unwrap().u32().unwrap().get(0),
            Some(2)
        );
    }

    #[test]
    fn rates_are_rounded_and_zero_safe() {
        assert_eq!(rate(1, 3), 3333.333333);
        assert_eq!(rate(5, 0), 0.0);
    }
}
