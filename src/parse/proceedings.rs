//! Assembly proceedings: the reader the Diet, local assemblies and the Tokyo Metropolitan
//! Assembly share.
//!
//! Takes the file's lines and its style; gives the title's facts, the front matter's attendee
//! roster and the remarks. The model:
//!
//! - **front matter**, up to the first mark-led label that speech follows: the title zone
//!   (read by the style's title reader), attendee lists (into the [`Roster`]), orders of
//!   business and notes;
//! - **proceedings**: a mark-led label starts a remark (text on the same line or the next);
//!   stage directions (`〔拍手〕`) are dropped wherever they stand; a rule (`――――`), a time line
//!   (`午後２時３７分休憩`) or a mark-led line that is no label (`○本日の会議に付した案件`) ends
//!   the remark, and what follows up to the next label is agenda, not speech (its first item
//!   names the section); an unindented short line between blank lines before a label is a
//!   heading (`諸般の報告`); after the closing time line (`…散会`) come footers and the lists of
//!   who attended.
//!
//! The front matter is read in `front`; this file reads the proceedings.

mod front;

use std::borrow::Cow;

use super::explain::{LineKind, Trace};
use super::label::{marked_fallback, marked_label_line, Label, LabelLine, MARKS};
use super::lines::{
    ends_sentence, is_closing_time, is_page_number, is_rule, is_stage_line, is_time_line,
    join_lines, strip_stage, Line, Part,
};
use super::roster::Roster;
use super::style::{Style, Title};
use crate::model::{Attendee, Remark};
use front::front_matter;

/// What the proceedings reader found in one file.
#[derive(Debug, Default)]
pub struct Read {
    /// The title lines (NFKC).
    pub title: Vec<String>,
    pub info: Title,
    pub attendees: Vec<Attendee>,
    pub roster: Roster,
    pub remarks: Vec<Remark>,
    /// Each remark's label, for resolving names against the roster.
    pub labels: Vec<Label>,
}

/// Reads a file of assembly proceedings.
pub fn read(lines: &[Line], style: Style, trace: &mut Trace) -> Read {
    let labels: Vec<Option<LabelLine>> = lines
        .iter()
        .map(|l| {
            if l.norm.starts_with(MARKS) {
                marked_label_line(l.norm, l.orig).or_else(|| marked_fallback(l.norm, l.orig))
            } else {
                None
            }
        })
        .collect();
    let start = (0..lines.len())
        .find(|&i| labels[i].is_some() && speech_follows(lines, &labels, i))
        .unwrap_or(lines.len());
    let mut r = Read::default();
    front_matter(lines, start, style, &mut r, trace);
    body(lines, &labels, start, &mut r, trace);
    r
}

/// Whether speech follows a label line: its own text, or the lines after it up to the next
/// label, end a sentence within three lines (or within twelve, while every line is prose
/// wrapped at a page's width: 30 characters or more). A list heading that parses as a label
/// (`〇説明員`) is followed by short lines of names.
fn speech_follows(lines: &[Line], labels: &[Option<LabelLine>], i: usize) -> bool {
    let sentence = |s: &str| s.contains(['。', '?', '？']) || ends_sentence(s);
    if labels[i].as_ref().is_some_and(|l| sentence(&l.rest)) {
        return true;
    }
    // ◯議長（林宏君） ↵ ──── ↵ 日程第一 ↵ ──── ↵ を行います。: an agenda item set between rules
    // inside the speech is skipped.
    let (mut seen, mut prose) = (0, true);
    let mut j = i + 1;
    while j < lines.len() && (seen < 3 || (prose && seen < 12)) && labels[j].is_none() {
        let n = &lines[j].norm;
        if is_rule(n) {
            match insert_end(lines, labels, j) {
                Some(close) => j = close + 1,
                None => return false,
            }
            continue;
        }
        if !lines[j].is_blank() && !is_stage_line(n) {
            if sentence(n) {
                return true;
            }
            seen += 1;
            prose &= n.chars().filter(|c| !c.is_whitespace()).count() >= 30;
        }
        j += 1;
    }
    false
}

/// The rule that closes an agenda insert opened by the rule at `open`: within a few lines,
/// before any label.
fn insert_end(lines: &[Line], labels: &[Option<LabelLine>], open: usize) -> Option<usize> {
    (open + 1..lines.len().min(open + 8))
        .take_while(|&j| labels[j].is_none())
        .find(|&j| is_rule(lines[j].norm))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Inside a remark.
    Speech,
    /// After a rule, a recess or an agenda line: agenda and notes until the next label.
    Aside,
    /// After the sitting closed: footers and lists.
    Footer,
    /// Inside an agenda item set between rules in a speech: agenda, then the speech goes on.
    Insert,
}

struct Open<'a> {
    remark: Remark,
    label: Label,
    parts: Vec<Part<'a>>,
}

/// Reads the proceedings from line `start` on: the remarks, their sections, and the roster
/// lines of the footer.
fn body(
    lines: &[Line],
    labels: &[Option<LabelLine>],
    start: usize,
    r: &mut Read,
    trace: &mut Trace,
) {
    let mut p = Reader {
        lines,
        labels,
        r,
        trace,
        open: None,
        mode: Mode::Speech,
        section: String::new(),
        section_next: false,
    };
    let mut prev_blank = true;
    for (i, l) in lines.iter().enumerate().skip(start) {
        if l.is_blank() {
            prev_blank = true;
            continue;
        }
        let was_blank = std::mem::replace(&mut prev_blank, false);
        let n = l.norm;
        if p.take_label(i) {
            continue;
        }
        if is_page_number(n) {
            p.page_or_rule(i);
            continue;
        }
        if is_stage_line(n) {
            p.trace.set(i, LineKind::Stage);
            continue;
        }
        if is_time_line(n) {
            p.time_line(i);
            continue;
        }
        if p.take_unlabelled_mark(i) {
            continue;
        }
        match p.mode {
            Mode::Speech if p.open.is_some() => p.speech(i, was_blank),
            Mode::Footer => p.footer(i),
            _ => p.aside(i),
        }
    }
    p.close();
}

/// The proceedings reader as it goes through the lines: the remark it is in and what the
/// lines are now (speech, agenda, footer).
struct Reader<'a> {
    lines: &'a [Line<'a>],
    /// Each line's mark-led label.
    labels: &'a [Option<LabelLine>],
    r: &'a mut Read,
    trace: &'a mut Trace,
    /// The remark being read.
    open: Option<Open<'a>>,
    mode: Mode,
    /// The section remarks opened now go under.
    section: String,
    /// The next agenda line names the section.
    section_next: bool,
}

impl<'a> Reader<'a> {
    /// Ends the open remark.
    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            let mut rem = o.remark;
            (rem.text, rem.norm) = join_lines(&o.parts);
            rem.seq = self.r.remarks.len() as u32 + 1;
            self.r.remarks.push(rem);
            self.r.labels.push(o.label);
        }
    }

    /// A label opens a remark, unless it stands alone on its line and names follow it
    /// (〇災害対策特別委員 ↵ 阿達　雅志君 …): that heads a list, not a remark.
    fn take_label(&mut self, i: usize) -> bool {
        let (lines, labels) = (self.lines, self.labels);
        let list_head = |ll: &LabelLine| ll.rest.is_empty() && !speech_follows(lines, labels, i);
        let Some(ll) = labels[i].as_ref().filter(|ll| !list_head(ll)) else {
            return false;
        };
        self.close();
        let mut parts = Vec::new();
        push_text(&mut parts, &ll.rest, None);
        self.open = Some(Open {
            remark: ll.open_remark(&self.section),
            label: ll.label.clone(),
            parts,
        });
        self.mode = Mode::Speech;
        self.section_next = false;
        self.trace.set(i, LineKind::Label);
        self.trace.label_lines.push(i);
        true
    }

    /// A page number or a rule (`――――`), dropped. A rule ends the remark (agenda follows),
    /// or opens or closes an agenda item set between rules inside a speech.
    fn page_or_rule(&mut self, i: usize) {
        let n = self.lines[i].norm;
        self.trace.set(i, LineKind::Dropped);
        if is_rule(n) && self.mode == Mode::Insert {
            self.mode = Mode::Speech;
            return;
        }
        // A speech that has not begun or stops mid-sentence (`次に、`), then rules around an
        // agenda item: the speech goes on after the insert.
        let waiting = self.open.as_ref().is_some_and(|o| {
            o.parts
                .last()
                .is_none_or(|(_, n)| !n.trim_end().ends_with(['。', '?', '!', '」', ')']))
        });
        if is_rule(n) && waiting && insert_end(self.lines, self.labels, i).is_some() {
            self.mode = Mode::Insert;
            self.section_next = true;
            return;
        }
        if is_rule(n) {
            self.close();
            if self.mode != Mode::Footer {
                self.mode = Mode::Aside;
                self.section_next = true;
            }
        }
    }

    /// A time line (`午後２時３７分休憩`), dropped: it ends the remark; agenda follows, or after
    /// the closing time (`…散会`) the footer.
    fn time_line(&mut self, i: usize) {
        let n = self.lines[i].norm;
        self.trace.set(i, LineKind::Dropped);
        self.close();
        self.mode = if is_closing_time(n) {
            Mode::Footer
        } else {
            Mode::Aside
        };
    }

    /// A mark-led line that is no label (○本日の会議に付した案件, or a list's heading
    /// 〇災害対策特別委員 ↵ names): an agenda line; it ends the remark.
    fn take_unlabelled_mark(&mut self, i: usize) -> bool {
        let n = self.lines[i].norm;
        // 〇〇基地の周辺では…: a placeholder name that starts a line of speech, not a mark.
        let placeholder = ["〇〇", "○○", "◯◯"].iter().any(|p| n.starts_with(p));
        if !n.starts_with(MARKS)
            || (placeholder && self.mode == Mode::Speech && self.open.is_some())
        {
            return false;
        }
        self.trace.set(i, LineKind::Agenda);
        self.close();
        self.mode = Mode::Aside;
        true
    }

    /// A line inside a remark: its text, or a heading (`諸般の報告`) that ends it.
    fn speech(&mut self, i: usize, was_blank: bool) {
        let l = &self.lines[i];
        let n = l.norm;
        if was_blank
            && l.indent == 0
            && heading_like(n)
            && structure_follows(self.lines, self.labels, i)
        {
            self.trace.set(i, LineKind::Heading);
            self.close();
            self.section = strip_stage(l.orig).trim().to_string();
            self.mode = Mode::Aside;
            return;
        }
        self.trace.set(i, LineKind::Text);
        if let Some(o) = self.open.as_mut() {
            push_text(&mut o.parts, l.orig, Some(l.norm));
        }
    }

    /// A line after the sitting closed: a roster line, or a footer to drop.
    fn footer(&mut self, i: usize) {
        let before = self.r.roster.people.len();
        self.r.roster.read_line(self.lines[i].norm);
        let kind = if self.r.roster.people.len() > before {
            LineKind::Attendee
        } else {
            LineKind::Dropped
        };
        self.trace.set(i, kind);
    }

    /// A line outside a remark: a roster line, or agenda (its first item after a rule names the
    /// section).
    fn aside(&mut self, i: usize) {
        let l = &self.lines[i];
        let n = l.norm;
        let before = self.r.roster.people.len();
        self.r.roster.read_line(n);
        if self.r.roster.people.len() > before && !n.contains('。') {
            self.trace.set(i, LineKind::Attendee);
            return;
        }
        self.trace.set(i, LineKind::Agenda);
        if self.section_next && !n.contains('。') {
            let s = strip_stage(l.orig).trim().to_string();
            if !s.is_empty() {
                if self.mode == Mode::Insert {
                    if let Some(o) = self.open.as_mut() {
                        o.remark.section = s.clone();
                    }
                }
                self.section = s;
                self.section_next = false;
            }
        }
    }
}

/// Adds a line of speech to a remark, stage directions removed.
fn push_text<'a>(parts: &mut Vec<Part<'a>>, orig: &'a str, norm: Option<&'a str>) {
    let text = match strip_stage(orig) {
        Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
        Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
    };
    if text.is_empty() {
        return;
    }
    let norm = match (norm, &text) {
        (Some(n), Cow::Borrowed(_)) => Cow::Borrowed(n),
        _ => Cow::Owned(crate::parse::nfkc(&text)),
    };
    if !is_time_line(&norm) {
        parts.push((text, norm));
    }
}

/// A short line without a sentence end: a heading or an agenda item.
fn heading_like(n: &str) -> bool {
    n.chars().count() <= 40 && !n.contains(['。', '、', '?', '？', '!', '！']) && !ends_sentence(n)
}

/// The next line with text is a label, a time line, a rule or the end.
fn structure_follows(lines: &[Line], labels: &[Option<LabelLine>], i: usize) -> bool {
    match (i + 1..lines.len()).find(|&j| !lines[j].is_blank()) {
        None => true,
        Some(j) => {
            let n = &lines[j].norm;
            labels[j].is_some() || is_time_line(n) || is_rule(n) || n.starts_with(MARKS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::parse::lines::split;
    use crate::parse::nfkc;

    fn read_text(text: &str, style: Style) -> (Read, Trace) {
        let norm = nfkc(text);
        let lines = split(text, &norm);
        let mut trace = Trace::new(lines.len());
        let r = read(&lines, style, &mut trace);
        (r, trace)
    }

    const DIET: &str = "第213回国会　衆議院　安全保障委員会　第13号　令和6年7月30日

令和六年七月三十日（火曜日）
　　　　午前九時開議
　出席委員
　　　委員長　小泉進次郎君
　　　理事　渡辺　　周君　理事　中川　宏昌君
　　　　　　渡辺　孝一君
　　　　…………………………………
　　　防衛大臣　　　　　　　　　木原　　稔君
　　　政府参考人
　　　（防衛省大臣官房長）　　　加野　幸司君
　　　　―――――――――――――
本日の会議に付した案件
　政府参考人出頭要求に関する件
　　　　――――◇―――――

○小泉委員長　これより会議を開きます。
　国の安全保障に関する件について調査を進めます。
　　　　―――――――――――――
　　　　〔委員長退席、理事着席〕
○渡辺（周）委員　おはようございます。（拍手）
　質問します。
○木原国務大臣　お答えします。
○加野政府参考人　お答え申し上げます。
○小泉委員長　本日は、これにて散会いたします。
　　　　午前十一時散会
";

    #[test]
    fn diet_record() {
        let (r, trace) = read_text(DIET, Style::Diet);
        assert_eq!(r.info.committee, "安全保障委員会");
        assert_eq!(r.info.parent, "衆議院");
        assert_eq!(r.info.session, Some(13));
        assert_eq!(r.info.date.as_deref(), Some("2024-07-30"));
        let who: Vec<(&str, Role)> = r
            .remarks
            .iter()
            .map(|x| (x.speaker.as_str(), x.role))
            .collect();
        assert_eq!(
            who,
            [
                ("小泉", Role::Chair),
                ("渡辺", Role::Member),
                ("木原", Role::Minister),
                ("加野", Role::Official),
                ("小泉", Role::Chair),
            ]
        );
        assert_eq!(r.remarks[1].text, "おはようございます。\n質問します。");
        assert_eq!(
            r.remarks[0].text,
            "これより会議を開きます。\n国の安全保障に関する件について調査を進めます。"
        );
        let names: Vec<&str> = r.roster.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "小泉進次郎",
                "渡辺周",
                "中川宏昌",
                "渡辺孝一",
                "木原稔",
                "加野幸司"
            ]
        );
        assert_eq!(r.roster.resolve(&r.labels[1]).as_deref(), Some("渡辺周"));
        assert_eq!(trace.kinds[6], LineKind::Attendee);
        assert_eq!(trace.kinds[14], LineKind::Agenda);
        assert_eq!(trace.kinds[17], LineKind::Label);
        assert_eq!(trace.kinds[19], LineKind::Dropped);
        assert_eq!(trace.kinds[20], LineKind::Stage);
        assert_eq!(trace.kinds[26], LineKind::Dropped);
    }

    const LOCAL: &str = "音更町議会会議録
令和６年第４回定例会（第５号）　本文
2024-12-17

　　　　　　　　　　　　　　　　　会議の経過
開会（午前１０時００分）
◯議長（高瀬博文）
　報告します。
　ただいまの出席議員は１６名です。

諸般の報告

◯議会運営委員長（神長基子）〔登壇〕
　御報告いたします。
　　　〔「なし」の声多数〕

日程第２

◯５番（神長基子）
　質問します。
　　　　　　────────
日程第３　議案第１号について
◯町長（小野信次）
　お答えします。

閉会（午後　３時２５分）

　　地方自治法第１２３条第２項の規定によりここに署名する。
";

    #[test]
    fn local_minutes() {
        let (r, _) = read_text(LOCAL, Style::LocalAssembly);
        assert_eq!(
            (
                r.info.committee.as_str(),
                r.info.parent.as_str(),
                r.info.session
            ),
            ("本会議", "音更町議会", Some(5))
        );
        let got: Vec<(&str, &str, Role, &str, &str)> = r
            .remarks
            .iter()
            .map(|x| {
                (
                    x.speaker.as_str(),
                    x.speaker_label.as_str(),
                    x.role,
                    x.section.as_str(),
                    x.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "高瀬博文",
                    "議長(高瀬博文)",
                    Role::Chair,
                    "",
                    "報告します。\nただいまの出席議員は１６名です。"
                ),
                (
                    "神長基子",
                    "議会運営委員長(神長基子)",
                    Role::Chair,
                    "諸般の報告",
                    "御報告いたします。"
                ),
                (
                    "神長基子",
                    "5番(神長基子)",
                    Role::Member,
                    "日程第２",
                    "質問します。"
                ),
                (
                    "小野信次",
                    "町長(小野信次)",
                    Role::Official,
                    "日程第３　議案第１号について",
                    "お答えします。"
                ),
            ]
        );
    }
}
