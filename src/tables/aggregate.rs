//! The aggregator: receives the pipeline's meetings and remarks in order (as a
//! [`Visitor`]), streams the per-meeting and per-remark tables, and keeps the sums the other
//! tables are made from.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::group::GroupBy;
use super::movement::{At, MovementAcc, MovementOptions};
use super::schema;
use super::stream::{TableStream, Val};
use super::theme_writer::{ThemeRows, ThemeWriter};
use crate::error::Result;
use crate::model::{Meeting, Role};
use crate::pipeline::{RemarkResult, Visitor};
use crate::segment::Noun;
use crate::speakers::SpeakerMap;
use crate::themes::ThemeSet;

/// A theme's id and label, as the tables name it.
#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub id: String,
    pub label: String,
    /// Its terms (for a rule theme, the rule's), in file order.
    pub terms: Vec<String>,
    /// Charts show it (`show = true`).
    pub show: bool,
}

impl ThemeInfo {
    /// The themes of a theme set, in file order.
    pub fn of(set: &ThemeSet) -> Vec<ThemeInfo> {
        set.themes
            .iter()
            .map(|t| ThemeInfo {
                id: t.id.clone(),
                label: t.label.clone(),
                terms: t.terms.clone(),
                show: t.show,
            })
            .collect()
    }
}

/// One meeting's row and aggregates.
/// What is kept of each meeting for the tables and charts made after the corpus is read (the
/// `meetings` rows themselves are streamed to disk as meetings arrive).
#[derive(Debug, Clone)]
pub struct MeetingAgg {
    pub meeting_id: String,
    pub committee: String,
    /// The group the comparison tables put it in (`--by`; its committee by default).
    pub group: String,
    pub date: String,
    pub remarks: u32,
    pub tokens: u64,
    /// Hits and remarks with hits per theme (u32: kept for every meeting of the corpus).
    pub hits: Vec<u32>,
    /// Emptied once the meeting is complete (its rows are written and its committee's sums
    /// hold it): only `hits` is kept for every meeting.
    pub remarks_with: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct SpeakerAgg {
    pub(super) tokens: u64,
    pub(super) hits: Vec<u64>,
    pub(super) remarks_with: Vec<u64>,
}

/// Collects the run's aggregates (and streams remarks, when given a folder).
pub struct Aggregator {
    pub(super) themes: Vec<ThemeInfo>,
    pub(super) top_terms: usize,
    pub meetings: Vec<MeetingAgg>,
    /// Per speaker, label as written and role (nested, so that a remark's speaker is found
    /// by reference, without copying its names).
    pub(super) speakers: BTreeMap<String, BTreeMap<String, BTreeMap<Role, SpeakerAgg>>>,
    /// Hits per (theme, role).
    pub(super) role_hits: BTreeMap<(usize, Role), u64>,
    /// Noun counts per committee (all nouns), and tokens per committee.
    pub(super) committee_nouns: HashMap<String, FxHashMap<Noun, u64>>,
    /// Sums per committee (for themes_by_committee and keyness).
    pub(super) committees: BTreeMap<String, CommitteeAcc>,
    /// Theme indices in id order (the key order of theme_counts).
    pub(super) theme_order: Vec<usize>,
    pub(super) remark_writer: Option<TableStream>,
    /// `meetings`, streamed; its first rows are kept for the report.
    pub(super) meetings_out: Option<TableStream>,
    pub(super) meetings_excerpt: DataFrame,
    /// `remark_themes` and `theme_counts`, written on a thread of their own.
    pub(super) theme_writer: Option<ThemeWriter>,
    /// The current meeting's remark_themes rows: (seq, theme index, hits), in key order.
    pub(super) pending_hits: Vec<(u32, u32, u32)>,
    /// The current meeting's occurrences per term.
    pub(super) pending_terms: Vec<u32>,
    pub(super) top_terms_out: Option<TableStream>,
    pub(super) excerpts: Option<(DataFrame, DataFrame)>,
    /// One id per person across meetings (`speakers.toml`).
    pub(super) speaker_map: SpeakerMap,
    /// Sums for the movement tables.
    pub(super) movement: MovementAcc,
    pub(super) movement_opts: MovementOptions,
    /// What the comparison tables compare (`--by`).
    pub(super) group_by: GroupBy,
}

/// A committee's sums over its meetings.
#[derive(Debug, Clone, Default)]
pub struct CommitteeAcc {
    pub meetings: u64,
    pub remarks: u64,
    pub tokens: u64,
    pub hits: Vec<u64>,
    pub remarks_with: Vec<u64>,
    pub meetings_with: Vec<u64>,
}

impl Aggregator {
    /// An aggregator for these themes. With `remarks_dir`, remarks are streamed to
    /// `remarks.csv`/`.parquet` there (and the tables that depend on themes, below).
    pub fn new(
        themes: Vec<ThemeInfo>,
        top_terms: usize,
        remarks_dir: Option<&Path>,
    ) -> Result<Self> {
        Self::with_remarks(themes, top_terms, remarks_dir, true)
    }

    /// As [`Aggregator::new`]; with `write_remarks` false, the tables that do not depend on the
    /// themes (`remarks`, `meetings`, `top_terms`, CSV and Parquet) are not written (the caller
    /// reuses identical ones; `meetings` and `top_terms` still give their excerpts), the other
    /// tables still are.
    pub fn with_remarks(
        themes: Vec<ThemeInfo>,
        top_terms: usize,
        remarks_dir: Option<&Path>,
        write_remarks: bool,
    ) -> Result<Self> {
        // With themes, theme_counts and remark_themes are streamed as meetings complete; the
        // tables that do not depend on the themes only keep their excerpts when reused.
        let open =
            |name, cols, excerpt, write: bool, wanted: bool| -> Result<Option<TableStream>> {
                Ok(match remarks_dir {
                    Some(d) if wanted && write => Some(TableStream::new(d, name, cols, excerpt)?),
                    Some(_) if wanted => Some(TableStream::excerpt_only(name, cols, excerpt)),
                    _ => None,
                })
            };
        let with_themes = !themes.is_empty();
        let n_themes = themes.len();
        let remark_writer = open("remarks", schema::REMARKS, 0, true, write_remarks)?;
        let meetings_out = open("meetings", schema::MEETINGS, 50, write_remarks, true)?
            .map(|t| t.with_batch_rows(4096));
        let remark_themes = open("remark_themes", schema::REMARK_THEMES, 0, true, with_themes)?;
        let theme_counts = open("theme_counts", schema::THEME_COUNTS, 100, true, with_themes)?;
        let term_counts = open("term_counts", schema::TERM_COUNTS, 0, true, with_themes)?;
        let top_terms_out = open(
            "top_terms",
            schema::TOP_TERMS,
            100,
            write_remarks,
            with_themes,
        )?;
        let mut theme_order: Vec<usize> = (0..themes.len()).collect();
        theme_order.sort_by(|&a, &b| themes[a].id.cmp(&themes[b].id));
        let theme_writer = match (remark_themes, theme_counts) {
            (Some(rt), Some(tc)) => Some(ThemeWriter::spawn(
                rt,
                tc,
                term_counts,
                themes.clone(),
                theme_order.clone(),
            )),
            _ => None,
        };
        Ok(Aggregator {
            themes,
            top_terms,
            meetings: Vec::new(),
            speakers: BTreeMap::new(),
            role_hits: BTreeMap::new(),
            committee_nouns: HashMap::new(),
            committees: BTreeMap::new(),
            theme_order,
            remark_writer,
            meetings_out,
            meetings_excerpt: DataFrame::default(),
            theme_writer,
            pending_hits: Vec::new(),
            pending_terms: Vec::new(),
            top_terms_out,
            excerpts: None,
            speaker_map: SpeakerMap::empty(),
            movement: MovementAcc::new(n_themes),
            movement_opts: MovementOptions::default(),
            group_by: GroupBy::default(),
        })
    }

    /// Compares groups of meetings by this column instead of committees.
    pub fn with_group_by(mut self, by: GroupBy) -> Self {
        self.group_by = by;
        self
    }

    /// The column the comparison tables compare.
    pub fn group_by(&self) -> GroupBy {
        self.group_by
    }

    /// Maps speakers to one id per person (the `speaker_id` column) by `map`.
    pub fn with_speakers(mut self, map: SpeakerMap) -> Self {
        self.speaker_map = map;
        self
    }

    /// Settings of the movement tables (bursts, emerging terms).
    pub fn with_movement(mut self, opts: MovementOptions) -> Self {
        self.movement_opts = opts;
        self
    }

    /// Completes the last meeting and closes the streamed files (remarks, theme_counts,
    /// top_terms).
    pub fn finish_remarks(&mut self) -> Result<()> {
        self.complete_last()?;
        if let Some(w) = self.remark_writer.take() {
            w.finish()?;
        }
        if let Some(w) = self.meetings_out.take() {
            self.meetings_excerpt = w.finish()?;
        }
        if let (Some(tw), Some(tt)) = (self.theme_writer.take(), self.top_terms_out.take()) {
            self.excerpts = Some((tw.finish()?, tt.finish()?));
        }
        Ok(())
    }

    /// Per-committee sums.
    pub fn committees(&self) -> &BTreeMap<String, CommitteeAcc> {
        &self.committees
    }

    /// Adds the last meeting (now that all its remarks are in) to the committee sums and writes
    /// its theme_counts rows.
    fn complete_last(&mut self) -> Result<()> {
        let Some(m) = self.meetings.last_mut() else {
            return Ok(());
        };
        let n = self.themes.len();
        let acc = self
            .committees
            .entry(if m.group.is_empty() {
                m.committee.clone()
            } else {
                m.group.clone()
            })
            .or_insert_with(|| CommitteeAcc {
                hits: vec![0; n],
                remarks_with: vec![0; n],
                meetings_with: vec![0; n],
                ..Default::default()
            });
        acc.meetings += 1;
        acc.remarks += m.remarks as u64;
        acc.tokens += m.tokens;
        for t in 0..n {
            acc.hits[t] += m.hits[t] as u64;
            acc.remarks_with[t] += m.remarks_with[t] as u64;
            acc.meetings_with[t] += (m.hits[t] > 0) as u64;
        }
        let remarks_with = std::mem::take(&mut m.remarks_with);
        if let Some(tw) = self.theme_writer.as_mut() {
            tw.send(ThemeRows {
                meeting: MeetingAgg {
                    meeting_id: m.meeting_id.clone(),
                    committee: m.committee.clone(),
                    group: String::new(),
                    date: m.date.clone(),
                    remarks: m.remarks,
                    tokens: m.tokens,
                    hits: m.hits.clone(),
                    remarks_with,
                },
                remark_hits: std::mem::take(&mut self.pending_hits),
                term_hits: std::mem::take(&mut self.pending_terms),
            })?;
        }
        Ok(())
    }

    /// The themes counted.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }
}

impl Visitor for Aggregator {
    fn noun_group(&self, m: &Meeting) -> String {
        self.group_by.of(m)
    }

    fn meeting(&mut self, m: &Meeting, tokens: u64, nouns: &[(Noun, u32)]) -> Result<()> {
        self.complete_last()?;
        let n = self.themes.len();
        if let Some(tt) = self.top_terms_out.as_mut() {
            for (i, (noun, c)) in nouns.iter().take(self.top_terms).enumerate() {
                tt.push(&[
                    Val::Str(&m.meeting_id),
                    Val::U32(i as u32 + 1),
                    Val::Str(&noun.base),
                    Val::Str(&noun.pos),
                    Val::U32(*c),
                ])?;
            }
        }
        let date = m.date.as_deref().unwrap_or("");
        if let Some(w) = self.meetings_out.as_mut() {
            w.push(&[
                Val::Str(&m.meeting_id),
                Val::Str(&m.source),
                Val::Str(&m.committee),
                Val::Str(&m.parent),
                Val::Str(&m.ministry),
                Val::OptU32(m.session),
                Val::Str(date),
                Val::Str(m.style.as_str()),
                Val::U32(m.remarks.len() as u32),
                Val::U64(tokens),
                Val::Str(&m.title),
                Val::Str(m.start_time.as_deref().unwrap_or("")),
                Val::Str(m.end_time.as_deref().unwrap_or("")),
                Val::Str(m.place.as_deref().unwrap_or("")),
                Val::U32(m.attendees.len() as u32),
                Val::U32(m.materials.len() as u32),
            ])?;
        }
        if let Some(y) = m.year() {
            *self.movement.year_tokens.entry(y).or_default() += tokens;
        }
        self.meetings.push(MeetingAgg {
            meeting_id: m.meeting_id.clone(),
            committee: m.committee.clone(),
            group: match self.group_by {
                GroupBy::Committee => String::new(),
                by => by.of(m),
            },
            date: date.to_string(),
            remarks: m.remarks.len() as u32,
            tokens,
            hits: vec![0; n],
            remarks_with: vec![0; n],
        });
        Ok(())
    }

    fn committee_nouns(
        &mut self,
        committee: &str,
        year: Option<i32>,
        counts: FxHashMap<Noun, u64>,
    ) -> Result<()> {
        if let Some(y) = year {
            self.movement.year_nouns(y, &counts);
        }
        match self.committee_nouns.get_mut(committee) {
            None => {
                self.committee_nouns.insert(committee.to_string(), counts);
            }
            Some(c) => {
                for (noun, k) in counts {
                    *c.entry(noun).or_default() += k;
                }
            }
        }
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let n = self.themes.len();
        let agg = self
            .meetings
            .last_mut()
            .expect("meeting before its remarks");
        let rem = r.remark;
        let known = self
            .speakers
            .get(rem.speaker.as_str())
            .and_then(|m| m.get(rem.speaker_label.as_str()))
            .is_some_and(|m| m.contains_key(&rem.role));
        if !known {
            self.speakers
                .entry(rem.speaker.clone())
                .or_default()
                .entry(rem.speaker_label.clone())
                .or_default()
                .insert(
                    rem.role,
                    SpeakerAgg {
                        tokens: 0,
                        hits: vec![0; n],
                        remarks_with: vec![0; n],
                    },
                );
        }
        let sp = self
            .speakers
            .get_mut(rem.speaker.as_str())
            .and_then(|m| m.get_mut(rem.speaker_label.as_str()))
            .and_then(|m| m.get_mut(&rem.role))
            .expect("inserted above");
        sp.tokens += r.tokens as u64;
        for (t, &h) in r.hits.iter().enumerate() {
            if h > 0 {
                agg.hits[t] += h;
                agg.remarks_with[t] += 1;
                sp.hits[t] += h as u64;
                sp.remarks_with[t] += 1;
                *self.role_hits.entry((t, r.remark.role)).or_default() += h as u64;
            }
        }
        let speaker_id = self.speaker_map.id_for(&rem.speaker, &r.meeting.committee);
        if n > 0 {
            let at = At {
                meeting_id: &r.meeting.meeting_id,
                committee: &r.meeting.committee,
                date: r.meeting.date.as_deref().unwrap_or(""),
                seq: rem.seq,
                speaker_id: &speaker_id,
            };
            self.movement.remark(&at, &r.hits);
        }
        if let Some(w) = self.remark_writer.as_mut() {
            let m = r.meeting;
            let rem = r.remark;
            w.push(&[
                Val::Str(&m.meeting_id),
                Val::U32(rem.seq),
                Val::Str(&rem.speaker),
                Val::Str(&rem.speaker_label),
                Val::Str(rem.role.as_str()),
                Val::Str(&rem.section),
                Val::Bool(rem.via_chat),
                Val::U32(r.tokens),
                Val::Str(&rem.text),
                Val::Str(m.date.as_deref().unwrap_or("")),
                Val::Str(&m.committee),
                Val::Str(&rem.speaker_group),
                Val::Str(&speaker_id),
            ])?;
        }
        if self.theme_writer.is_some() {
            for &(i, h) in &r.term_hits {
                if self.pending_terms.len() <= i {
                    self.pending_terms.resize(i + 1, 0);
                }
                self.pending_terms[i] += h;
            }
            for &t in &self.theme_order {
                let h = r.hits.get(t).copied().unwrap_or(0);
                if h > 0 {
                    self.pending_hits.push((r.remark.seq, t as u32, h));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committee_noun_sums_arrive_in_parts_and_add_up_in_keyness() {
        let mut agg = Aggregator::new(Vec::new(), 10, None).unwrap();
        for (id, c) in [("a", "A会議"), ("b", "B会議")] {
            let m = Meeting {
                meeting_id: id.into(),
                committee: c.into(),
                ..Default::default()
            };
            agg.meeting(&m, 10_000, &[]).unwrap();
        }
        let counts = |pairs: &[(&str, u64)]| -> FxHashMap<Noun, u64> {
            pairs
                .iter()
                .map(|(b, k)| (Noun::new(b, "名詞-一般"), *k))
                .collect()
        };
        agg.committee_nouns("A会議", None, counts(&[("秘密", 30), ("通信", 5)]))
            .unwrap();
        agg.committee_nouns("B会議", None, counts(&[("通信", 40), ("秘密", 1)]))
            .unwrap();
        // A second batch of the same committee adds to the first.
        agg.committee_nouns("A会議", None, counts(&[("秘密", 20)]))
            .unwrap();
        assert_eq!(
            agg.committee_nouns["A会議"][&Noun::new("秘密", "名詞-一般")],
            50
        );
        agg.finish_remarks().unwrap();
        let k = agg.tables().unwrap().committee_keyness;
        let rows = k
            .lazy()
            .filter(
                col("committee")
                    .eq(lit("A会議"))
                    .and(col("feature_type").eq(lit("term")))
                    .and(col("label").eq(lit("秘密"))),
            )
            .collect()
            .unwrap();
        assert_eq!(rows.height(), 1);
        assert_eq!(
            rows.column("target_count").unwrap().u64().unwrap().get(0),
            Some(50)
        );
        assert_eq!(
            rows.column("reference_count")
                .unwrap()
                .u64()
                .unwrap()
                .get(0),
            Some(1)
        );
    }

    #[test]
    fn committee_sums_rates_and_streamed_tables() {
        let dir = tempfile::tempdir().unwrap();
        let themes = vec![
            ThemeInfo {
                id: "t2".into(),
                label: "T2".into(),
                terms: vec!["x".into()],
                show: false,
            },
            ThemeInfo {
                id: "t1".into(),
                label: "T1".into(),
                terms: vec!["y".into()],
                show: false,
            },
        ];
        let mut agg = Aggregator::new(themes, 2, Some(dir.path())).unwrap();
        let meeting = |id: &str, date: &str, texts: &[&str]| Meeting {
            meeting_id: id.into(),
            source: format!("{id}.txt"),
            title: String::new(),
            committee: "X".into(),
            parent: String::new(),
            ministry: String::new(),
            session: None,
            date: Some(date.into()),
            style: crate::model::Style::MinistryLabelled,
            start_time: None,
            end_time: None,
            place: None,
            attendees: vec![],
            materials: vec![],
            remarks: texts
                .iter()
                .enumerate()
                .map(|(i, t)| crate::model::Remark {
                    seq: i as u32 + 1,
                    speaker: "後藤".into(),
                    speaker_label: "後藤座長".into(),
                    role: Role::Chair,
                    speaker_group: String::new(),
                    section: String::new(),
                    via_chat: false,
                    text: t.to_string(),
                    norm: t.to_string(),
                })
                .collect(),
        };
        let noun = |b: &str| {
            (
                Noun {
                    base: b.into(),
                    pos: "名詞-一般".into(),
                },
                3,
            )
        };
        // Meeting a: 1000 tokens, theme t1 hit twice in one remark; b: 4000 tokens, t1 3 hits in 2.
        for (m, tokens, hits) in [
            (
                meeting("a", "2020-01-01", &["x", "y"]),
                [500u32, 500],
                [[0u32, 2], [0, 0]],
            ),
            (
                meeting("b", "2020-02-01", &["x", "y"]),
                [2000, 2000],
                [[0, 1], [0, 2]],
            ),
        ] {
            agg.meeting(
                &m,
                tokens.iter().map(|&t| t as u64).sum(),
                &[noun("秘密"), noun("通信"), noun("余分")],
            )
            .unwrap();
            for (i, r) in m.remarks.iter().enumerate() {
                agg.remark(&RemarkResult {
                    meeting: &m,
                    remark: r,
                    tokens: tokens[i],
                    hits: hits[i].to_vec(),
                    term_hits: hits[i]
                        .iter()
                        .enumerate()
                        .filter(|(_, &h)| h > 0)
                        .map(|(t, &h)| (t, h))
                        .collect(),
                    positions: vec![],
                })
                .unwrap();
            }
        }
        agg.finish_remarks().unwrap();
        let t = agg.tables().unwrap();
        let bc = &t.themes_by_committee;
        assert_eq!(bc.height(), 2);
        // Rows in theme-id order: t1 first.
        assert_eq!(
            bc.column("theme").unwrap().str().unwrap().get(0),
            Some("t1")
        );
        assert_eq!(bc.column("hits").unwrap().u64().unwrap().get(0), Some(5));
        let rate = bc
            .column("per_10k_tokens")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((rate - 10.0).abs() < 1e-9);
        let mw = bc.column("meetings_with").unwrap().u64().unwrap();
        assert_eq!((mw.get(0), mw.get(1)), (Some(2), Some(0)));
        assert_eq!(
            bc.column("meetings").unwrap().u64().unwrap().get(0),
            Some(2)
        );
        // Streamed files: every meeting × theme, sorted by (meeting_id, theme); top 2 nouns.
        let tc = std::fs::read_to_string(dir.path().join("theme_counts.csv")).unwrap();
        let lines: Vec<&str> = tc.lines().collect();
        assert_eq!(lines.len(), 5);
        // Exact Poisson 95% intervals: 2 hits → 0.2422–7.2247, 0 hits → 0–3.6889 (−ln 0.025).
        assert_eq!(
            lines[1],
            "a,X,2020-01-01,t1,2,1,2,1000,20.0,2.422093,72.246877,T1"
        );
        assert_eq!(lines[4], "b,X,2020-02-01,t2,0,0,2,4000,0.0,0.0,9.222199,T2");
        // Per-term counts: only terms with hits.
        let terms = std::fs::read_to_string(dir.path().join("term_counts.csv")).unwrap();
        assert_eq!(
            terms.lines().collect::<Vec<_>>(),
            [
                "meeting_id,committee,date,theme,term,hits,theme_hits,tokens,per_10k_tokens",
                "a,X,2020-01-01,t1,y,2,2,1000,20.0",
                "b,X,2020-02-01,t1,y,3,3,4000,7.5",
            ]
        );
        let tt = std::fs::read_to_string(dir.path().join("top_terms.csv")).unwrap();
        assert_eq!(tt.lines().count(), 1 + 2 * 2);
        assert!(dir.path().join("theme_counts.parquet").is_file());
        assert_eq!(t.theme_counts.height(), 4);
    }
}
