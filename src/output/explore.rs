//! The data behind the report's interactive section ("Explore"): meetings, theme counts and
//! the remarks with hits, cut at their hits, as one JSON document the page's script reads.
//!
//! Takes the pipeline's ordered stream (an [`Explore`] is a [`Visitor`]; it needs hit
//! positions) and gives [`Explore::json`], ready to sit in a `<script type="application/json">`
//! element. The remarks' text is capped at a byte budget so that the page stays openable; the
//! counts are always complete, and the page says how many remarks it holds of how many.
//! What it keeps per meeting is small (about 100 bytes, and 3 or 4 per theme with hits, as
//! variable-length integers): a corpus of 50,000 meetings adds about 10 MB.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::error::Result;
use crate::model::Meeting;
use crate::pipeline::{RemarkResult, Visitor};
use crate::segment::Noun;
use crate::text::Names;
use crate::themes::ThemeSet;

/// Bytes of remark text the page embeds at most (by default).
pub const DEFAULT_TEXT_BUDGET: usize = 12 << 20;

#[derive(Serialize)]
struct ThemeJson {
    id: String,
    label: String,
    shown: bool,
}

/// A meeting as the page's data gives it.
#[derive(Serialize)]
struct MeetingJson<'a> {
    id: &'a str,
    committee: &'a str,
    parent: &'a str,
    date: &'a str,
    session: Option<u32>,
    tokens: u64,
    remarks: u32,
    source: &'a str,
}

/// A meeting as it is kept until the page is written: bodies by their number in
/// [`Explore::names`].
struct MeetingRow {
    id: Box<str>,
    committee: u32,
    parent: u32,
    date: Box<str>,
    session: Option<u32>,
    tokens: u64,
    remarks: u32,
    source: Box<str>,
    /// How many `(theme, hits, remarks with hits)` of [`Explore::counts`] are this meeting's.
    counts: u32,
}

/// The themes a fragment of text is a hit of: none (`-1`), one, or several overlapping.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
enum FragThemes {
    One(i64),
    Many(Vec<usize>),
}

#[derive(Serialize)]
struct RemarkJson {
    m: usize,
    seq: u32,
    speaker: String,
    label: String,
    role: &'static str,
    themes: Vec<usize>,
    frags: Vec<(String, FragThemes)>,
}

#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    themes: &'a [ThemeJson],
    meetings: Meetings<'a>,
    counts: Counts<'a>,
    remarks: &'a [RemarkJson],
    remarks_with_hits: usize,
    remarks_embedded: usize,
}

/// The meetings in the page's order, serialized one by one.
struct Meetings<'a> {
    explore: &'a Explore,
    order: &'a [usize],
}

impl Serialize for Meetings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let e = self.explore;
        s.collect_seq(self.order.iter().map(|&i| {
            let m = &e.meetings[i];
            MeetingJson {
                id: &m.id,
                committee: e.names.name(m.committee),
                parent: e.names.name(m.parent),
                date: &m.date,
                session: m.session,
                tokens: m.tokens,
                remarks: m.remarks,
                source: &m.source,
            }
        }))
    }
}

/// `[meeting, theme, hits, remarks with hits]` rows, meetings by their place in the page.
struct Counts<'a> {
    explore: &'a Explore,
    new_index: &'a [u32],
}

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let e = self.explore;
        let mut packed = &e.counts[..];
        let rows = e
            .meetings
            .iter()
            .zip(self.new_index)
            .flat_map(|(m, &new)| std::iter::repeat_n(new, m.counts as usize));
        s.collect_seq(rows.map(|m| {
            let ((t, h, w), n): ((u32, u32, u32), usize) =
                bincode::decode_from_slice(packed, bincode::config::standard())
                    .expect("the counts were packed by close_meeting");
            packed = &packed[n..];
            [m, t, h, w]
        }))
    }
}

/// Writes JSON with every `<` as `\u003c` (which JSON reads back as `<`), so that it can
/// stand inside a `<script>` element.
struct EscapeLt<W>(W);

impl<W: Write> Write for EscapeLt<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = memchr::memchr(b'<', rest) {
            self.0.write_all(&rest[..i])?;
            self.0.write_all(b"\\u003c")?;
            rest = &rest[i + 1..];
        }
        self.0.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Collects the interactive section's data while the corpus is read.
pub struct Explore {
    themes: Vec<ThemeJson>,
    meetings: Vec<MeetingRow>,
    /// Committee and parent names, each once.
    names: Names,
    /// Per theme: (hits, remarks with hits), for the meeting being read.
    current: Vec<(u32, u32)>,
    /// `(theme, hits, remarks with hits)` of every meeting and theme with hits, in meeting
    /// order, packed as bincode's variable-length integers (most take one byte).
    counts: Vec<u8>,
    remarks: Vec<RemarkJson>,
    remarks_with_hits: usize,
    budget: usize,
}

impl Explore {
    /// An empty collector for `themes`, embedding at most `budget` bytes of remark text; the
    /// themes in `shown` are listed first in the page's views.
    pub fn new(themes: &ThemeSet, shown: &[String], budget: usize) -> Explore {
        Explore {
            themes: themes
                .themes
                .iter()
                .map(|t| ThemeJson {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    shown: shown.contains(&t.id),
                })
                .collect(),
            meetings: Vec::new(),
            names: Names::default(),
            current: Vec::new(),
            counts: Vec::new(),
            remarks: Vec::new(),
            remarks_with_hits: 0,
            budget,
        }
    }

    fn close_meeting(&mut self) {
        let Some(row) = self.meetings.last_mut() else {
            return;
        };
        for (t, &(hits, with)) in self.current.iter().enumerate() {
            if hits > 0 {
                bincode::encode_into_std_write(
                    (t as u32, hits, with),
                    &mut self.counts,
                    bincode::config::standard(),
                )
                .expect("writing to memory does not fail");
                row.counts += 1;
            }
        }
        self.current.clear();
    }

    /// The JSON document, with every `<` written `\u003c` so that it can stand inside a
    /// `<script>` element.
    pub fn json(self, title: &str) -> String {
        let mut out = Vec::new();
        self.write_json(title, &mut out)
            .expect("writing to memory does not fail");
        String::from_utf8(out).expect("JSON with `<` escaped is UTF-8")
    }

    /// Writes [`Explore::json`]'s document to `w`.
    pub fn write_json(mut self, title: &str, w: impl Write) -> io::Result<()> {
        self.close_meeting();
        // Meetings by date (undated first), then id; indices remapped.
        let mut order: Vec<usize> = (0..self.meetings.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.meetings[a], &self.meetings[b]);
            (&x.date, &x.id).cmp(&(&y.date, &y.id))
        });
        let mut new_index = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new as u32;
        }
        let mut remarks = std::mem::take(&mut self.remarks);
        for r in &mut remarks {
            r.m = new_index[r.m] as usize;
        }
        let doc = Document {
            title,
            themes: &self.themes,
            meetings: Meetings {
                explore: &self,
                order: &order,
            },
            counts: Counts {
                explore: &self,
                new_index: &new_index,
            },
            remarks_embedded: remarks.len(),
            remarks: &remarks,
            remarks_with_hits: self.remarks_with_hits,
        };
        // serde_json writes a token at a time: buffer before escaping, not after.
        let mut out = io::BufWriter::with_capacity(1 << 16, EscapeLt(w));
        serde_json::to_writer(&mut out, &doc).map_err(io::Error::other)?;
        out.flush()
    }
}

impl Visitor for Explore {
    fn meeting(&mut self, m: &Meeting, tokens: u64, _nouns: &[(Noun, u32)]) -> Result<()> {
        self.close_meeting();
        let committee = self.names.id(&m.committee);
        let parent = self.names.id(&m.parent);
        self.meetings.push(MeetingRow {
            id: m.meeting_id.as_str().into(),
            committee,
            parent,
            date: m.date.as_deref().unwrap_or("").into(),
            session: m.session,
            tokens,
            remarks: m.remarks.len() as u32,
            source: m.source.as_str().into(),
            counts: 0,
        });
        self.current.clear();
        self.current.resize(self.themes.len(), (0, 0));
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let mut any = false;
        for (t, &h) in r.hits.iter().enumerate() {
            if h > 0 {
                if let Some(c) = self.current.get_mut(t) {
                    c.0 += h;
                    c.1 += 1;
                }
                any = true;
            }
        }
        if !any {
            return Ok(());
        }
        self.remarks_with_hits += 1;
        let norm = r.remark.normalized();
        if norm.len() > self.budget {
            return Ok(());
        }
        self.budget -= norm.len();
        let themes: Vec<usize> = (0..r.hits.len()).filter(|&t| r.hits[t] > 0).collect();
        let spans: Vec<(usize, usize, usize)> = r
            .positions
            .iter()
            .map(|h| (h.start, h.end, h.theme))
            .collect();
        self.remarks.push(RemarkJson {
            m: self.meetings.len().saturating_sub(1),
            seq: r.remark.seq,
            speaker: r.remark.speaker.clone(),
            label: r.remark.speaker_label.clone(),
            role: r.remark.role.as_str(),
            themes,
            frags: fragments(norm, &spans),
        });
        Ok(())
    }
}

/// `text` cut at the edges of `hits` (byte ranges with their theme), each piece with the
/// themes whose hits cover it.
fn fragments(text: &str, hits: &[(usize, usize, usize)]) -> Vec<(String, FragThemes)> {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for &(s, e, _) in hits {
        if s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e) {
            cuts.push(s);
            cuts.push(e);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(String, FragThemes)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut covering: Vec<usize> = hits
            .iter()
            .filter(|&&(s, e, _)| s <= a && b <= e && s < e)
            .map(|&(_, _, t)| t)
            .collect();
        covering.sort_unstable();
        covering.dedup();
        let themes = match covering.as_slice() {
            [] => FragThemes::One(-1),
            [t] => FragThemes::One(*t as i64),
            many => FragThemes::Many(many.to_vec()),
        };
        match out.last_mut() {
            Some(last) if last.1 == themes => last.0.push_str(&text[a..b]),
            _ => out.push((text[a..b].to_string(), themes)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme set from a theme file's text.
    fn themes(toml: &str) -> ThemeSet {
        ThemeSet::parse(toml, std::path::Path::new("t.toml")).unwrap()
    }

    #[test]
    fn fragments_cut_at_hits_and_keep_overlaps() {
        let text = "まずサプライチェーンの話";
        let s = text.find("サプライ").unwrap();
        let e = s + "サプライチェーン".len();
        let f = fragments(text, &[(s, e, 0), (s, s + "サプライ".len(), 2)]);
        let pieces: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(pieces, ["まず", "サプライ", "チェーン", "の話"]);
        assert_eq!(f[0].1, FragThemes::One(-1));
        assert_eq!(f[1].1, FragThemes::Many(vec![0, 2]));
        assert_eq!(f[2].1, FragThemes::One(0));
        assert_eq!(pieces.concat(), text);
    }

    #[test]
    fn fragments_without_hits_are_the_text() {
        let f = fragments("何もない", &[]);
        assert_eq!(f, vec![("何もない".to_string(), FragThemes::One(-1))]);
    }

    #[test]
    fn escaping_writer_replaces_every_lt_across_writes() {
        let mut out = Vec::new();
        let mut w = EscapeLt(&mut out);
        for part in ["a<b", "<", "", "c<<d", "日本<"] {
            w.write_all(part.as_bytes()).unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\\u003cb\\u003cc\\u003c\\u003cd日本\\u003c"
        );
    }

    #[test]
    fn counts_come_out_per_meeting_in_page_order_whatever_their_size() {
        let set = themes(
            "[[theme]]\nid = \"a\"\nlabel = \"A\"\nterms = [\"x\"]\n\n[[theme]]\nid = \"b\"\nlabel = \"B\"\nterms = [\"y\"]\n",
        );
        let meeting = |id: &str, date: &str| Meeting {
            meeting_id: id.into(),
            source: format!("{id}.txt"),
            committee: "委員会".into(),
            date: Some(date.into()),
            ..Meeting::default()
        };
        let remark = |seq: u32| crate::model::Remark {
            seq,
            speaker: "後藤".into(),
            speaker_label: "後藤座長".into(),
            role: crate::model::Role::Chair,
            speaker_group: String::new(),
            section: String::new(),
            via_chat: false,
            text: "xy".into(),
            norm: String::new(),
        };
        let mut e = Explore::new(&set, &[], 1000);
        // Read in this order; the page lists m2 (earlier date) first.
        let meetings = [
            (meeting("m1", "2020-02-01"), vec![vec![0, 3], vec![2, 1]]),
            (meeting("m2", "2020-01-01"), vec![vec![70_000, 0]]),
            (meeting("m3", "2020-03-01"), vec![vec![0, 0]]),
        ];
        for (m, hits) in &meetings {
            e.meeting(m, 10, &[]).unwrap();
            for (i, h) in hits.iter().enumerate() {
                let r = remark(i as u32 + 1);
                e.remark(&RemarkResult {
                    meeting: m,
                    remark: &r,
                    tokens: 2,
                    hits: h.clone(),
                    term_hits: Vec::new(),
                    positions: Vec::new(),
                })
                .unwrap();
            }
        }
        let v: serde_json::Value = serde_json::from_str(&e.json("t")).unwrap();
        let ids: Vec<&str> = v["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["m2", "m1", "m3"]);
        assert_eq!(v["meetings"][1]["committee"], "委員会");
        assert_eq!(v["meetings"][0]["source"], "m2.txt");
        assert_eq!(
            v["counts"],
            serde_json::json!([[1, 0, 2, 1], [1, 1, 4, 2], [0, 0, 70_000, 1]])
        );
        assert_eq!(v["remarks_with_hits"], 3);
    }

    #[test]
    fn json_escapes_script_end() {
        let set = themes("[[theme]]\nid = \"a\"\nlabel = \"</script>\"\nterms = [\"x\"]\n");
        let j = Explore::new(&set, &[], 100).json("t");
        assert!(!j.contains('<'), "{j}");
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["themes"][0]["label"], "</script>");
        assert_eq!(v["remarks_embedded"], 0);
    }
}
