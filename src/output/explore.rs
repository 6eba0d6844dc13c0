//! The data behind the report's interactive section ("Explore"): meetings, theme counts and
//! the remarks with hits, cut at their hits, as one JSON document the page's script reads.
//!
//! Takes the pipeline's ordered stream (an [`Explore`] is a [`Visitor`]; it needs hit
//! positions) and gives [`Explore::json`], ready to sit in a `<script type="application/json">`
//! element. The remarks' text is capped at a byte budget so that the page stays openable; the
//! counts are always complete, and the page says how many remarks it holds of how many.

use serde::Serialize;

use crate::error::Result;
use crate::model::Meeting;
use crate::pipeline::{RemarkResult, Visitor};
use crate::segment::Noun;
use crate::themes::ThemeSet;

/// Bytes of remark text the page embeds at most (by default).
pub const DEFAULT_TEXT_BUDGET: usize = 12 << 20;

#[derive(Serialize)]
struct ThemeJson {
    id: String,
    label: String,
    shown: bool,
}

#[derive(Serialize, Clone)]
struct MeetingJson {
    id: String,
    committee: String,
    parent: String,
    date: String,
    session: Option<u32>,
    tokens: u64,
    remarks: usize,
    source: String,
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
    meetings: Vec<MeetingJson>,
    counts: Vec<[u64; 4]>,
    remarks: Vec<RemarkJson>,
    remarks_with_hits: usize,
    remarks_embedded: usize,
}

/// Collects the interactive section's data while the corpus is read.
pub struct Explore {
    themes: Vec<ThemeJson>,
    meetings: Vec<MeetingJson>,
    /// (meeting, theme) → (hits, remarks with hits), for the meeting being read.
    current: Vec<(u64, u64)>,
    counts: Vec<[u64; 4]>,
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
            current: Vec::new(),
            counts: Vec::new(),
            remarks: Vec::new(),
            remarks_with_hits: 0,
            budget,
        }
    }

    fn close_meeting(&mut self) {
        let Some(m) = self.meetings.len().checked_sub(1) else {
            return;
        };
        for (t, &(hits, with)) in self.current.iter().enumerate() {
            if hits > 0 {
                self.counts.push([m as u64, t as u64, hits, with]);
            }
        }
        self.current.clear();
    }

    /// The JSON document, with every `<` written `\u003c` so that it can stand inside a
    /// `<script>` element.
    pub fn json(mut self, title: &str) -> String {
        self.close_meeting();
        // Meetings by date (undated first), then id; indices remapped.
        let mut order: Vec<usize> = (0..self.meetings.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.meetings[a], &self.meetings[b]);
            (&x.date, &x.id).cmp(&(&y.date, &y.id))
        });
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let meetings = order.iter().map(|&i| self.meetings[i].clone()).collect();
        for c in &mut self.counts {
            c[0] = new_index[c[0] as usize] as u64;
        }
        for r in &mut self.remarks {
            r.m = new_index[r.m];
        }
        let doc = Document {
            title,
            themes: &self.themes,
            meetings,
            counts: self.counts,
            remarks_embedded: self.remarks.len(),
            remarks: self.remarks,
            remarks_with_hits: self.remarks_with_hits,
        };
        let json = serde_json::to_string(&doc).expect("plain data serializes");
        json.replace('<', "\\u003c")
    }
}

impl Visitor for Explore {
    fn meeting(&mut self, m: &Meeting, tokens: u64, _nouns: &[(Noun, u32)]) -> Result<()> {
        self.close_meeting();
        self.meetings.push(MeetingJson {
            id: m.meeting_id.clone(),
            committee: m.committee.clone(),
            parent: m.parent.clone(),
            date: m.date.clone().unwrap_or_default(),
            session: m.session,
            tokens,
            remarks: m.remarks.len(),
            source: m.source.clone(),
        });
        self.current = vec![(0, 0); self.themes.len()];
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        let mut any = false;
        for (t, &h) in r.hits.iter().enumerate() {
            if h > 0 {
                if let Some(c) = self.current.get_mut(t) {
                    c.0 += h as u64;
                    c.1 += 1;
                }
                any = true;
            }
        }
        if !any {
            return Ok(());
        }
        self.remarks_with_hits += 1;
        if r.norm.len() > self.budget {
            return Ok(());
        }
        self.budget -= r.norm.len();
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
            frags: fragments(&r.norm, &spans),
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
    fn json_escapes_script_end() {
        let set = ThemeSet::parse(
            "[[theme]]\nid = \"a\"\nlabel = \"</script>\"\nterms = [\"x\"]\n",
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        let j = Explore::new(&set, &[], 100).json("t");
        assert!(!j.contains('<'), "{j}");
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["themes"][0]["label"], "</script>");
        assert_eq!(v["remarks_embedded"], 0);
    }
}
