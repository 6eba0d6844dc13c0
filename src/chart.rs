//! Charts of theme counts, written as PNG and SVG files.
//!
//! Takes plain, already aggregated numbers ([`ChartData`]: per-meeting theme
//! rates, committee × theme keyness cells and hits by speaker role) plus
//! [`ChartOptions`] (font family, themes to show, significance threshold), and
//! gives four charts, each as a print-quality PNG (≥ 1800 px wide) and an SVG
//! drawn by the same code:
//!
//! 1. `theme_trends` — one small panel per theme, hits per 10,000 tokens over a
//!    true calendar axis, one coloured line per committee;
//! 2. `committee_themes` — heatmap, one row per theme and one column per
//!    committee (names wrapped in the header), with G² significance marks;
//! 3. `meeting_themes` — one stacked bar of theme hits per meeting, by date;
//! 4. `speaker_roles` — per theme, a stacked bar of hits by speaker role.
//!
//! Without `themes_shown`, long theme lists are cut to what stays readable:
//! the trend chart keeps the 8 themes with most hits, the heatmap the 20, and
//! the meeting and role charts draw the 12 with most hits and lump the rest
//! into one `その他` series or row, so that totals stay true. Each chart says so.
//!
//! All text is drawn in one font family, which is checked with fontconfig
//! (`fc-match`) and `ttf-parser` before anything is drawn ([`resolve_font`]):
//! a missing font or a missing glyph is an error, never a row of boxes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Datelike, NaiveDate};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Rate of one theme in one meeting (one point of the trend chart, one bar
/// segment of the meeting chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingThemePoint {
    /// Meeting identifier (one bar per distinct id in the meeting chart).
    pub meeting_id: String,
    /// Committee name as printed in the minutes.
    pub committee: String,
    /// ISO date `YYYY-MM-DD`; empty (or unparsable) means unknown: such a
    /// meeting is left off the date-axis chart but still has its bar.
    pub date: String,
    /// Theme id.
    pub theme: String,
    /// Japanese display name of the theme, e.g. `サプライチェーン`.
    pub theme_label: String,
    /// Matches of the theme in the meeting.
    pub hits: u64,
    /// Tokens in the meeting.
    pub tokens: u64,
    /// Hits per 10,000 tokens.
    pub per_10k_tokens: f64,
}

/// Rate and keyness of one theme in one committee (one heatmap cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitteeThemeCell {
    /// Committee name.
    pub committee: String,
    /// Theme id.
    pub theme: String,
    /// Japanese display name of the theme.
    pub theme_label: String,
    /// Hits per 10,000 tokens in the committee's meetings.
    pub per_10k_tokens: f64,
    /// Matches of the theme in the committee.
    pub hits: u64,
    /// G² (log-likelihood) statistic against the other committees.
    pub g2: f64,
    /// p value of `g2`.
    pub p_value: f64,
    /// Log ratio of the committee's rate to the others' (> 0: more often).
    pub log_ratio: f64,
}

/// Hits of one theme in remarks by speakers of one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleThemeCount {
    /// Theme id.
    pub theme: String,
    /// Japanese display name of the theme.
    pub theme_label: String,
    /// Speaker role: `chair`, `vice_chair`, `member`, `minister`, `official`,
    /// `presenter`, `observer`, `collective` or `unknown` (others are drawn
    /// under their own name after these).
    pub role: String,
    /// Matches of the theme in that role's remarks.
    pub hits: u64,
}

/// Everything the charts draw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChartData {
    /// Per meeting and theme (trend and meeting charts).
    pub meeting_points: Vec<MeetingThemePoint>,
    /// Per committee and theme (heatmap).
    pub committee_cells: Vec<CommitteeThemeCell>,
    /// Per theme and speaker role (role chart).
    pub role_counts: Vec<RoleThemeCount>,
}

/// How to draw the charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartOptions {
    /// fontconfig family used for every text (default `Noto Sans CJK JP`).
    pub font_family: String,
    /// Theme ids to show, in this order; `None` shows all themes in order of
    /// first appearance, except that the trend chart keeps the 8 with most
    /// hits, the heatmap the 20, and the meeting and role charts draw the 12
    /// with most hits apart and the rest as one `その他`.
    pub themes_shown: Option<Vec<String>>,
    /// Heatmap cells with `p_value` below this are marked (default 0.05).
    pub significance: f64,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            font_family: DEFAULT_FONT_FAMILY.to_string(),
            themes_shown: None,
            significance: 0.05,
        }
    }
}

/// Font family used when none is given.
pub const DEFAULT_FONT_FAMILY: &str = "Noto Sans CJK JP";

/// Most panels of the trend chart when `themes_shown` is `None`.
pub const MAX_TREND_THEMES: usize = 8;

/// A font family found by fontconfig and checked with `ttf-parser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFont {
    /// Family name as fontconfig knows it (what the charts ask for).
    pub family: String,
    /// Font file (`.ttf`, `.otf` or a `.ttc` collection).
    pub file: PathBuf,
    /// Face of the family inside `file` (0 unless a collection).
    pub face_index: u32,
}

/// Why charts could not be drawn; each message says what to do.
#[derive(thiserror::Error, Debug)]
pub enum ChartError {
    /// `fc-match` could not be run.
    #[error(
        "cannot run fc-match ({source}): install Debian packages fontconfig and fonts-noto-cjk"
    )]
    FontconfigMissing {
        /// Error from starting the command.
        #[source]
        source: std::io::Error,
    },
    /// `fc-match` ran but failed.
    #[error("fc-match failed for font family '{family}': {message}; check the fontconfig setup (fc-list) or pass --font FAMILY")]
    FontconfigFailed {
        /// Family asked for.
        family: String,
        /// What fc-match said.
        message: String,
    },
    /// fontconfig substituted another family: the requested one is not installed.
    #[error("font family '{requested}' is not installed (fontconfig would use '{resolved}' instead): install Debian package fonts-noto-cjk or pass --font FAMILY (see fc-list :lang=ja family)")]
    FontNotFound {
        /// Family asked for.
        requested: String,
        /// Family fontconfig offered instead.
        resolved: String,
    },
    /// The font file could not be read or parsed.
    #[error("cannot use font file {path}: {message}; reinstall the font or pass --font FAMILY")]
    FontFile {
        /// Font file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The font lacks glyphs for text that would be drawn.
    #[error("no font covering the labels: font '{family}' has no glyph for {missing}; install Debian package fonts-noto-cjk or pass --font FAMILY")]
    MissingGlyphs {
        /// Family checked.
        family: String,
        /// The missing characters, quoted, with their code points.
        missing: String,
    },
    /// The output directory could not be created.
    #[error("cannot create chart directory {path}: {source}")]
    Io {
        /// Directory.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Drawing or writing one chart file failed.
    #[error("cannot draw chart {path}: {message}; check that the directory is writable")]
    Draw {
        /// Chart file.
        path: PathBuf,
        /// plotters' message.
        message: String,
    },
}

// ---------------------------------------------------------------------------
// Fonts

/// Finds `family` with `fc-match`, checks that fontconfig did not substitute
/// another family, picks the matching face of a `.ttc` collection and checks
/// that it has a glyph for every non-whitespace char of `sample_text`.
pub fn resolve_font(family: &str, sample_text: &str) -> Result<ResolvedFont, ChartError> {
    let output = Command::new("fc-match")
        .arg("-f")
        .arg("%{family}\n%{file}")
        .arg(escape_fc_pattern(family))
        .output()
        .map_err(|source| ChartError::FontconfigMissing { source })?;
    if !output.status.success() {
        return Err(ChartError::FontconfigFailed {
            family: family.to_string(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    let families = lines.next().unwrap_or("").trim().to_string();
    let file = lines.next().unwrap_or("").trim().to_string();
    let wanted = normalize_family(family);
    if wanted.is_empty() || !families.split(',').any(|f| normalize_family(f) == wanted) {
        return Err(ChartError::FontNotFound {
            requested: family.to_string(),
            resolved: families,
        });
    }
    if file.is_empty() {
        return Err(ChartError::FontconfigFailed {
            family: family.to_string(),
            message: "fc-match printed no font file".to_string(),
        });
    }
    let file = PathBuf::from(file);
    let data = std::fs::read(&file).map_err(|e| ChartError::FontFile {
        path: file.clone(),
        message: e.to_string(),
    })?;
    let face_index = match ttf_parser::fonts_in_collection(&data) {
        None => 0,
        Some(n) => (0..n)
            .find(|&i| {
                ttf_parser::Face::parse(&data, i)
                    .map(|face| {
                        face_family_names(&face)
                            .iter()
                            .any(|f| normalize_family(f) == wanted)
                    })
                    .unwrap_or(false)
            })
            .unwrap_or(0),
    };
    let face = ttf_parser::Face::parse(&data, face_index).map_err(|e| ChartError::FontFile {
        path: file.clone(),
        message: e.to_string(),
    })?;
    let missing = missing_in_face(&face, sample_text);
    // fontconfig may list several names ("IPAGothic,IPAゴシック"): draw with the
    // one that was asked for, as fontconfig spells it.
    let resolved_family = families
        .split(',')
        .find(|f| normalize_family(f) == wanted)
        .unwrap_or(family)
        .trim()
        .to_string();
    if !missing.is_empty() {
        return Err(ChartError::MissingGlyphs {
            family: resolved_family,
            missing: describe_chars(&missing),
        });
    }
    Ok(ResolvedFont {
        family: resolved_family,
        file,
        face_index,
    })
}

/// Chars of `text` (whitespace ignored, each listed once, in order of first
/// appearance) that the font has no glyph for. If the font file cannot be
/// read or parsed, every such char is reported missing.
pub fn missing_glyphs(font: &ResolvedFont, text: &str) -> Vec<char> {
    let data = match std::fs::read(&font.file) {
        Ok(d) => d,
        Err(_) => return unique_chars(text),
    };
    match ttf_parser::Face::parse(&data, font.face_index) {
        Ok(face) => missing_in_face(&face, text),
        Err(_) => unique_chars(text),
    }
}

fn unique_chars(text: &str) -> Vec<char> {
    let mut seen = BTreeSet::new();
    text.chars()
        .filter(|c| !c.is_whitespace() && seen.insert(*c))
        .collect()
}

fn missing_in_face(face: &ttf_parser::Face<'_>, text: &str) -> Vec<char> {
    unique_chars(text)
        .into_iter()
        .filter(|&c| face.glyph_index(c).is_none())
        .collect()
}

fn describe_chars(chars: &[char]) -> String {
    const SHOWN: usize = 20;
    let mut s: Vec<String> = chars
        .iter()
        .take(SHOWN)
        .map(|c| format!("'{}' (U+{:04X})", c, *c as u32))
        .collect();
    if chars.len() > SHOWN {
        s.push(format!("and {} more", chars.len() - SHOWN));
    }
    s.join(", ")
}

/// fontconfig compares family names ignoring case and blanks.
fn normalize_family(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `-`, `:`, `,` and `\` have a meaning in fontconfig patterns.
fn escape_fc_pattern(family: &str) -> String {
    let mut out = String::with_capacity(family.len());
    for c in family.chars() {
        if matches!(c, '-' | ':' | ',' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn face_family_names(face: &ttf_parser::Face<'_>) -> Vec<String> {
    face.names()
        .into_iter()
        .filter(|n| {
            n.name_id == ttf_parser::name_id::FAMILY
                || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
        })
        .filter_map(|n| {
            n.to_string().or_else(|| {
                // Macintosh Roman names: ASCII is all a family name needs here.
                (n.platform_id == ttf_parser::PlatformId::Macintosh)
                    .then(|| n.name.iter().map(|&b| b as char).collect())
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Texts

const TITLE_TRENDS: &str = "テーマの推移（1万語あたり）";
const TITLE_HEATMAP: &str = "委員会 × テーマ（1万語あたり）";
const TITLE_MEETINGS: &str = "会議ごとのテーマ出現数";
const TITLE_ROLES: &str = "発言者の役割別テーマ出現数";
const NO_DATA: &str = "データなし";
const LEGEND_COMMITTEES: &str = "委員会";
const LEGEND_THEMES: &str = "テーマ";
const LEGEND_ROLES: &str = "発言者の役割";
const DESC_DATE: &str = "会議日（年-月）";
const DESC_HITS: &str = "出現数（件）";
const UNKNOWN_DATE: &str = "日付不明";
const HEAT_SCALE: &str = "1万語あたり";
const HEAT_MISSING: &str = "–";
const MARK_UP: &str = "▲";
const MARK_DOWN: &str = "▼";
const MARK_SIG: &str = "*";
const ELLIPSIS: char = '…';
/// Chars of numbers, dates and axis ticks.
const NUMBER_CHARS: &str = "0123456789.,-+%()/";

/// Lumped themes in the meeting and role charts.
const OTHER: &str = "その他";

fn heat_caption(significance: f64) -> String {
    format!(
        "枠と ▲/▼/* = G² 検定 p<{significance}（他の委員会との比較。▲ 多い、▼ 少ない）　{HEAT_MISSING} = データなし"
    )
}

/// Caption line of a heatmap showing only the top themes.
fn heat_top_note(shown: usize, total: usize) -> String {
    format!("上位{shown}テーマ（全{total}件は committee_keyness.csv）")
}

/// Row or legend text of the lumped themes.
fn other_label(n: usize) -> String {
    format!("{OTHER}（{n}テーマ）")
}

/// Legend note of a chart that lumps themes into [`OTHER`].
fn other_note(shown: usize, rest: usize) -> Vec<String> {
    vec![
        format!("出現数の多い上位{shown}テーマを表示"),
        format!("残り{rest}テーマは「{OTHER}」に合算"),
    ]
}

fn more_entries(n: usize) -> String {
    format!("ほか {n} 件")
}

/// Role ids in drawing order, with their legend text and colour.
const ROLES: [(&str, &str, (u8, u8, u8)); 9] = [
    ("chair", "chair 委員長/座長", (214, 39, 40)),
    (
        "vice_chair",
        "vice_chair 副委員長/座長代理",
        (255, 152, 150),
    ),
    ("member", "member 委員/構成員", (31, 119, 180)),
    ("minister", "minister 大臣/副大臣/政務官", (148, 103, 189)),
    ("official", "official 政府参考人/事務局", (44, 160, 44)),
    ("presenter", "presenter 参考人/説明者", (255, 127, 14)),
    ("observer", "observer オブザーバー", (23, 190, 207)),
    ("collective", "collective 一同", (188, 189, 34)),
    ("unknown", "unknown 不明", (127, 127, 127)),
];

/// Tableau 10 and two colours far from it (navy, gold), then plotters'
/// Palette99.
fn series_color(i: usize) -> RGBColor {
    const BASE: [(u8, u8, u8); 12] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
        (0, 0, 110),
        (255, 210, 0),
    ];
    if i < BASE.len() {
        let (r, g, b) = BASE[i];
        RGBColor(r, g, b)
    } else {
        let c = Palette99::pick(i - BASE.len()).to_rgba();
        RGBColor(c.0, c.1, c.2)
    }
}

/// First `max` chars of `s`, the last replaced by `…` when cut.
fn truncate_chars(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push(ELLIPSIS);
    out
}

/// Width of `c` in units of a full-width char (half-width chars count ~0.55).
fn char_units(c: char) -> f64 {
    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        0.55
    } else {
        1.0
    }
}

fn text_units(s: &str) -> f64 {
    s.chars().map(char_units).sum()
}

/// Longest prefix of `s` no wider than `max` units, ending in `…` when cut.
fn truncate_units(s: &str, max: f64) -> String {
    let s = s.trim();
    if text_units(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = char_units(ELLIPSIS);
    for c in s.chars() {
        used += char_units(c);
        if used > max {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push(ELLIPSIS);
    out
}

/// Script class of a char, for choosing line breaks.
fn char_class(c: char) -> u8 {
    match c {
        c if c.is_ascii_alphanumeric() => 0,
        '\u{3040}'..='\u{309F}' => 1,
        '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => 2,
        '々' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => 3,
        _ => 4,
    }
}

/// Words that a committee name is best broken before.
const BREAK_BEFORE: [&str; 17] = [
    "タスクフォース",
    "ワーキンググループ",
    "小委員会",
    "分科会",
    "委員会",
    "研究会",
    "審議会",
    "検討会",
    "懇談会",
    "協議会",
    "部会",
    "会議",
    "セキュリティ",
    "における",
    "に関する",
    "について",
    "のための",
];

/// Cost of a line break before `chars[i]` (lower is a more natural break).
fn break_penalty(chars: &[char], i: usize) -> f64 {
    let (a, b) = (chars[i - 1], chars[i]);
    if a.is_whitespace() || b.is_whitespace() {
        0.0
    } else if "・、，,／/）)」』".contains(a)
        || "（(「『".contains(b)
        || BREAK_BEFORE.iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            chars[i..].starts_with(&w)
        })
    {
        1.0
    } else if char_class(a) != char_class(b) {
        2.0
    } else if a == 'ー' {
        3.0
    } else {
        8.0
    }
}

/// `s` wrapped into lines of at most `max` units (full-width chars), breaking
/// preferably at blanks, punctuation, before words such as `分科会` and
/// between scripts, in as few lines as possible; beyond `max_lines` lines the
/// last one is cut with `…`.
fn wrap_label(s: &str, max: f64, max_lines: usize) -> Vec<String> {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n == 0 {
        return vec![String::new()];
    }
    // Names such as `審議会 分科会 小委員会`: whole parts per line when they fit.
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() > 1 && parts.iter().all(|p| text_units(p) <= max) {
        let mut lines: Vec<String> = Vec::new();
        for part in parts {
            match lines.last_mut() {
                Some(line) if text_units(line) + char_units(' ') + text_units(part) <= max => {
                    line.push(' ');
                    line.push_str(part);
                }
                _ => lines.push(part.to_string()),
            }
        }
        if lines.len() <= max_lines {
            return lines;
        }
    }
    let line_of = |j: usize, i: usize| -> String {
        chars[j..i].iter().collect::<String>().trim().to_string()
    };
    // best[i]: cheapest wrapping of chars[..i], with the start of its last line.
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0));
    for i in 1..=n {
        if i < n && (chars[i - 1].is_whitespace() && chars[i].is_whitespace()) {
            continue;
        }
        for j in 0..i {
            let Some((cost_j, _)) = best[j] else { continue };
            let line = line_of(j, i);
            let width = text_units(&line);
            if line.is_empty() || (width > max && i - j > 1) {
                continue;
            }
            let cost = cost_j
                + 100.0
                + if i < n {
                    break_penalty(&chars, i) + 0.05 * (max - width).max(0.0).powi(2)
                } else {
                    0.0
                };
            if best[i].is_none_or(|(c, _)| cost < c) {
                best[i] = Some((cost, j));
            }
        }
    }
    let mut starts = Vec::new();
    let mut i = n;
    while i > 0 {
        let (_, j) = best[i].expect("every prefix can be wrapped");
        starts.push(j);
        i = j;
    }
    starts.reverse();
    let mut lines: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(k, &j)| line_of(j, starts.get(k + 1).copied().unwrap_or(n)))
        .collect();
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        let rest = line_of(starts[max_lines - 1], n);
        lines.truncate(max_lines - 1);
        lines.push(truncate_units(&rest, max));
    }
    lines
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

fn fmt_rate(v: f64) -> String {
    format!("{v:.1}")
}

// ---------------------------------------------------------------------------
// Data prepared for drawing

/// One committee's line in one trend panel.
struct TrendSeries {
    committee: usize,
    points: Vec<(NaiveDate, f64)>,
}

struct TrendPanel {
    label: String,
    series: Vec<TrendSeries>,
}

struct HeatCell {
    value: f64,
    /// Mark text when significant.
    mark: Option<&'static str>,
}

/// Label of one bar: several lines when there is room, else one compact line.
struct RowLabel {
    lines: Vec<String>,
    compact: String,
}

impl RowLabel {
    fn single(text: String) -> Self {
        RowLabel {
            lines: vec![text.clone()],
            compact: text,
        }
    }
}

/// Horizontal stacked bars (meeting and role charts).
struct StackedBars {
    title: &'static str,
    legend_title: &'static str,
    rows: Vec<RowLabel>,
    series: Vec<(String, RGBColor)>,
    /// `values[row][series]`.
    values: Vec<Vec<u64>>,
    /// Lines under the legend (e.g. which themes were lumped).
    note: Vec<String>,
}

struct Prepared {
    trend_panels: Vec<TrendPanel>,
    /// Committee legend of the trend chart (truncated names).
    trend_committees: Vec<String>,
    date_range: Option<(NaiveDate, NaiveDate)>,
    /// Heatmap rows: theme labels.
    heat_themes: Vec<String>,
    /// Heatmap columns: committee names wrapped into header lines.
    heat_committees: Vec<Vec<String>>,
    /// `heat_cells[theme][committee]`.
    heat_cells: Vec<Vec<Option<HeatCell>>>,
    /// Lines under the heatmap.
    heat_caption: Vec<String>,
    meetings: StackedBars,
    roles: StackedBars,
}

/// Most heatmap rows when `themes_shown` is `None`.
const MAX_HEAT_THEMES: usize = 20;
/// Most themes drawn apart in the meeting and role charts when `themes_shown`
/// is `None`; the rest are lumped into [`OTHER`].
const MAX_STACK_THEMES: usize = 12;
/// Committee header lines of the heatmap: width (full-width chars) and count.
const HEADER_LINE_UNITS: f64 = 14.0;
const HEADER_MAX_LINES: usize = 3;
/// Colour of the lumped themes.
const OTHER_COLOR: RGBColor = RGBColor(214, 214, 214);

/// Indexes into `themes` of the `n` with most `totals` (ties: earlier first),
/// in their original order.
fn top_themes(themes: &[String], totals: &HashMap<&str, u64>, n: usize) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..themes.len()).collect();
    ranked.sort_by(|&a, &b| {
        let ta = totals.get(themes[a].as_str()).copied().unwrap_or(0);
        let tb = totals.get(themes[b].as_str()).copied().unwrap_or(0);
        tb.cmp(&ta).then(a.cmp(&b))
    });
    ranked.truncate(n);
    ranked.sort_unstable();
    ranked
}

const COMMITTEE_CHARS: usize = 20;
const MEETING_COMMITTEE_CHARS: usize = 16;
const LEGEND_CHARS: usize = 24;

fn prepare(data: &ChartData, opts: &ChartOptions) -> Prepared {
    // Themes in order of first appearance, with their labels.
    let mut theme_order: Vec<String> = Vec::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    {
        let mut note = |id: &str, label: &str| {
            if !labels.contains_key(id) {
                theme_order.push(id.to_string());
                labels.insert(id.to_string(), String::new());
            }
            let l = labels.get_mut(id).expect("inserted above");
            if l.is_empty() && !label.trim().is_empty() {
                *l = label.trim().to_string();
            }
        };
        for p in &data.meeting_points {
            note(&p.theme, &p.theme_label);
        }
        for c in &data.committee_cells {
            note(&c.theme, &c.theme_label);
        }
        for r in &data.role_counts {
            note(&r.theme, &r.theme_label);
        }
    }
    let label_of = |id: &str| -> String {
        labels
            .get(id)
            .filter(|l| !l.is_empty())
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let shown: Vec<String> = match &opts.themes_shown {
        Some(list) => {
            let mut seen = BTreeSet::new();
            list.iter()
                .filter(|t| seen.insert(t.as_str()))
                .cloned()
                .collect()
        }
        None => theme_order.clone(),
    };
    let mut meeting_totals: HashMap<&str, u64> = HashMap::new();
    for p in &data.meeting_points {
        *meeting_totals.entry(p.theme.as_str()).or_default() += p.hits;
    }
    // Themes drawn apart (the rest lumped) when `themes_shown` is None.
    let capped = |totals: &HashMap<&str, u64>, n: usize| -> Vec<String> {
        if opts.themes_shown.is_none() && shown.len() > n {
            top_themes(&shown, totals, n)
                .into_iter()
                .map(|i| shown[i].clone())
                .collect()
        } else {
            shown.clone()
        }
    };
    let trend_themes = capped(&meeting_totals, MAX_TREND_THEMES);

    // Trends: dated points of the panels' themes.
    let dated: Vec<(&MeetingThemePoint, NaiveDate)> = data
        .meeting_points
        .iter()
        .filter(|p| trend_themes.contains(&p.theme) && p.per_10k_tokens.is_finite())
        .filter_map(|p| parse_date(&p.date).map(|d| (p, d)))
        .collect();
    let committees: Vec<String> = dated
        .iter()
        .map(|(p, _)| p.committee.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let committee_index: HashMap<&str, usize> = committees
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let trend_panels = trend_themes
        .iter()
        .map(|theme| {
            let mut by_committee: BTreeMap<usize, Vec<(NaiveDate, f64, &str)>> = BTreeMap::new();
            for (p, d) in dated.iter().filter(|(p, _)| &p.theme == theme) {
                by_committee
                    .entry(committee_index[p.committee.as_str()])
                    .or_default()
                    .push((*d, p.per_10k_tokens, p.meeting_id.as_str()));
            }
            let series = by_committee
                .into_iter()
                .map(|(committee, mut pts)| {
                    pts.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)));
                    TrendSeries {
                        committee,
                        points: pts.into_iter().map(|(d, v, _)| (d, v)).collect(),
                    }
                })
                .collect();
            TrendPanel {
                label: label_of(theme),
                series,
            }
        })
        .collect();
    let date_range = dated
        .iter()
        .map(|(_, d)| *d)
        .min()
        .zip(dated.iter().map(|(_, d)| *d).max());

    // Heatmap: themes as rows, committees as columns.
    let mut heat_totals: HashMap<&str, u64> = HashMap::new();
    for c in &data.committee_cells {
        *heat_totals.entry(c.theme.as_str()).or_default() += c.hits;
    }
    let heat_theme_ids = capped(&heat_totals, MAX_HEAT_THEMES);
    let heat_committees: Vec<String> = data
        .committee_cells
        .iter()
        .filter(|c| heat_theme_ids.contains(&c.theme))
        .map(|c| c.committee.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let heat_cells = heat_theme_ids
        .iter()
        .map(|theme| {
            heat_committees
                .iter()
                .map(|committee| {
                    data.committee_cells
                        .iter()
                        .find(|c| &c.committee == committee && &c.theme == theme)
                        .filter(|c| c.per_10k_tokens.is_finite())
                        .map(|c| HeatCell {
                            value: c.per_10k_tokens,
                            mark: (c.p_value < opts.significance).then_some(if c.log_ratio > 0.0 {
                                MARK_UP
                            } else if c.log_ratio < 0.0 {
                                MARK_DOWN
                            } else {
                                MARK_SIG
                            }),
                        })
                })
                .collect()
        })
        .collect();
    let mut heat_caption_lines = vec![heat_caption(opts.significance)];
    if heat_theme_ids.len() < shown.len() && !heat_committees.is_empty() {
        heat_caption_lines.push(heat_top_note(heat_theme_ids.len(), shown.len()));
    }

    // Meetings: one bar per meeting id, by date (unknown dates last); themes
    // beyond the top ones lumped into one series so that totals stay true.
    let meeting_themes = capped(&meeting_totals, MAX_STACK_THEMES);
    let meeting_rest = shown.len() - meeting_themes.len();
    let meeting_series_n = meeting_themes.len() + usize::from(meeting_rest > 0);
    struct Meeting {
        date: Option<NaiveDate>,
        committee: String,
        id: String,
        hits: Vec<u64>,
    }
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut meeting_index: HashMap<&str, usize> = HashMap::new();
    for p in &data.meeting_points {
        let i = *meeting_index
            .entry(p.meeting_id.as_str())
            .or_insert_with(|| {
                meetings.push(Meeting {
                    date: parse_date(&p.date),
                    committee: p.committee.clone(),
                    id: p.meeting_id.clone(),
                    hits: vec![0; meeting_series_n],
                });
                meetings.len() - 1
            });
        if let Some(t) = meeting_themes.iter().position(|t| t == &p.theme) {
            meetings[i].hits[t] += p.hits;
        } else if meeting_rest > 0 && shown.contains(&p.theme) {
            meetings[i].hits[meeting_themes.len()] += p.hits;
        }
    }
    meetings.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.committee, &a.id).cmp(&(
            b.date.is_none(),
            b.date,
            &b.committee,
            &b.id,
        ))
    });
    let mut theme_series: Vec<(String, RGBColor)> = meeting_themes
        .iter()
        .enumerate()
        .map(|(i, t)| (truncate_chars(&label_of(t), LEGEND_CHARS), series_color(i)))
        .collect();
    if meeting_rest > 0 {
        theme_series.push((other_label(meeting_rest), OTHER_COLOR));
    }
    let meeting_bars = StackedBars {
        title: TITLE_MEETINGS,
        legend_title: LEGEND_THEMES,
        rows: meetings
            .iter()
            .map(|m| {
                let date = m
                    .date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| UNKNOWN_DATE.to_string());
                let mut lines = vec![date.clone()];
                lines.extend(wrap_label(&m.committee, 18.0, 2));
                RowLabel {
                    lines,
                    compact: format!(
                        "{date} {}",
                        truncate_chars(&m.committee, MEETING_COMMITTEE_CHARS)
                    ),
                }
            })
            .collect(),
        series: theme_series,
        values: meetings.into_iter().map(|m| m.hits).collect(),
        note: if meeting_rest > 0 {
            other_note(meeting_themes.len(), meeting_rest)
        } else {
            Vec::new()
        },
    };

    // Roles: known roles in fixed order, then others sorted; only roles with
    // hits. One row per theme; beyond the top ones, one row of the rest.
    let mut role_totals: HashMap<&str, u64> = HashMap::new();
    for r in &data.role_counts {
        *role_totals.entry(r.theme.as_str()).or_default() += r.hits;
    }
    let role_themes = capped(&role_totals, MAX_STACK_THEMES);
    let role_rest = shown.len() - role_themes.len();
    let role_rows_n = role_themes.len() + usize::from(role_rest > 0);
    let mut role_hits: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for r in &data.role_counts {
        let row = match role_themes.iter().position(|t| t == &r.theme) {
            Some(t) => t,
            None if role_rest > 0 && shown.contains(&r.theme) => role_themes.len(),
            None => continue,
        };
        role_hits
            .entry(r.role.as_str())
            .or_insert_with(|| vec![0; role_rows_n])[row] += r.hits;
    }
    let mut roles: Vec<(String, String, RGBColor)> = Vec::new();
    for (id, legend, (r, g, b)) in ROLES {
        if role_hits.get(id).is_some_and(|h| h.iter().any(|&x| x > 0)) {
            roles.push((id.to_string(), legend.to_string(), RGBColor(r, g, b)));
        }
    }
    for (id, hits) in &role_hits {
        if !ROLES.iter().any(|r| r.0 == *id) && hits.iter().any(|&x| x > 0) {
            let i = roles.len();
            roles.push((
                id.to_string(),
                truncate_chars(id, LEGEND_CHARS),
                series_color(i),
            ));
        }
    }
    let role_bars = StackedBars {
        title: TITLE_ROLES,
        legend_title: LEGEND_ROLES,
        rows: if roles.is_empty() {
            Vec::new()
        } else {
            let mut rows: Vec<RowLabel> = role_themes
                .iter()
                .map(|t| RowLabel::single(truncate_chars(&label_of(t), COMMITTEE_CHARS)))
                .collect();
            if role_rest > 0 {
                rows.push(RowLabel::single(other_label(role_rest)));
            }
            rows
        },
        values: if roles.is_empty() {
            Vec::new()
        } else {
            (0..role_rows_n)
                .map(|t| {
                    roles
                        .iter()
                        .map(|(id, _, _)| role_hits[id.as_str()][t])
                        .collect()
                })
                .collect()
        },
        series: roles
            .into_iter()
            .map(|(_, legend, c)| (legend, c))
            .collect(),
        note: if role_rest > 0 {
            other_note(role_themes.len(), role_rest)
        } else {
            Vec::new()
        },
    };

    Prepared {
        trend_panels,
        trend_committees: committees
            .iter()
            .map(|c| truncate_chars(c, COMMITTEE_CHARS))
            .collect(),
        date_range,
        heat_themes: heat_theme_ids.iter().map(|t| label_of(t)).collect(),
        heat_committees: heat_committees
            .iter()
            .map(|c| wrap_label(c, HEADER_LINE_UNITS, HEADER_MAX_LINES))
            .collect(),
        heat_cells,
        heat_caption: heat_caption_lines,
        meetings: meeting_bars,
        roles: role_bars,
    }
}

/// Every text the charts can draw, concatenated (for the glyph check).
fn drawn_text(p: &Prepared) -> String {
    let mut s = String::new();
    for t in [
        TITLE_TRENDS,
        TITLE_HEATMAP,
        TITLE_MEETINGS,
        TITLE_ROLES,
        NO_DATA,
        LEGEND_COMMITTEES,
        LEGEND_THEMES,
        LEGEND_ROLES,
        DESC_DATE,
        DESC_HITS,
        UNKNOWN_DATE,
        HEAT_SCALE,
        HEAT_MISSING,
        MARK_UP,
        MARK_DOWN,
        MARK_SIG,
        NUMBER_CHARS,
    ] {
        s.push_str(t);
    }
    s.push(ELLIPSIS);
    s.push_str(&more_entries(0));
    for line in &p.heat_caption {
        s.push_str(line);
    }
    for panel in &p.trend_panels {
        s.push_str(&panel.label);
    }
    for t in p
        .trend_committees
        .iter()
        .chain(&p.heat_themes)
        .chain(p.heat_committees.iter().flatten())
    {
        s.push_str(t);
    }
    for bars in [&p.meetings, &p.roles] {
        for r in &bars.rows {
            s.push_str(&r.compact);
            for line in &r.lines {
                s.push_str(line);
            }
        }
        for (t, _) in &bars.series {
            s.push_str(t);
        }
        for line in &bars.note {
            s.push_str(line);
        }
    }
    s
}

/// All text that [`render_all`] would draw for `data` (for checking a font).
pub fn chart_text(data: &ChartData, opts: &ChartOptions) -> String {
    drawn_text(&prepare(data, opts))
}

// ---------------------------------------------------------------------------
// Rendering

const WIDTH: u32 = 1800;
const MIN_HEIGHT: u32 = 1000;
/// The heatmap is only as tall as its rows need.
const HEATMAP_MIN_HEIGHT: u32 = 560;

type DrawResult = Result<(), Box<dyn std::error::Error>>;

#[derive(Clone, Copy)]
enum Kind {
    Trends,
    Heatmap,
    Meetings,
    Roles,
}

impl Kind {
    fn stem(self) -> &'static str {
        match self {
            Kind::Trends => "theme_trends",
            Kind::Heatmap => "committee_themes",
            Kind::Meetings => "meeting_themes",
            Kind::Roles => "speaker_roles",
        }
    }

    fn height(self, p: &Prepared) -> u32 {
        let h = match self {
            Kind::Trends => {
                let (rows, _) = grid_shape(p.trend_panels.len());
                130 + rows as u32 * 330
            }
            Kind::Heatmap => {
                if p.heat_themes.is_empty() || p.heat_committees.is_empty() {
                    return HEATMAP_MIN_HEIGHT;
                }
                let l = heat_layout(p);
                let h = 80 + l.top + l.grid_h.max(HEAT_MIN_SCALE_H) + l.caption_h;
                return (h as u32).max(HEATMAP_MIN_HEIGHT);
            }
            Kind::Meetings => stacked_height(&p.meetings),
            Kind::Roles => stacked_height(&p.roles),
        };
        h.max(MIN_HEIGHT)
    }

    fn width(self, p: &Prepared) -> u32 {
        match self {
            Kind::Heatmap => {
                // Theme labels at the nominal size, estimated from their chars.
                let left = p
                    .heat_themes
                    .iter()
                    .map(|t| (text_units(t) * HEAT_ROW_FONT) as i32 + 40)
                    .max()
                    .unwrap_or(0)
                    .clamp(120, WIDTH as i32 * 2 / 5);
                let n = p.heat_committees.len() as i32;
                let need = 2 * HEAT_MARGIN + left + n * HEAT_MIN_COL_W + HEAT_SCALE_W;
                (need.max(0) as u32).max(WIDTH)
            }
            _ => WIDTH,
        }
    }
}

/// Heatmap geometry that does not need text measuring.
struct HeatLayout {
    /// Height of the committee header band (top of the grid).
    top: i32,
    cell_h: i32,
    grid_h: i32,
    caption_h: i32,
}

const HEAT_ROW_FONT: f64 = 20.0;
/// Least height of a heatmap row (few rows get taller ones).
const HEAT_CELL_H: i32 = 50;
const HEAT_HEADER_FONT: f64 = 20.0;
const HEAT_MIN_COL_W: i32 = 230;
const HEAT_MAX_COL_W: i32 = 360;
const HEAT_SCALE_W: i32 = 190;
const HEAT_MARGIN: i32 = 40;
const HEAT_MIN_SCALE_H: i32 = 150;
const HEAT_CAPTION_PITCH: i32 = 32;

fn heat_cell_h(rows: usize) -> i32 {
    (400 / rows.max(1) as i32).clamp(HEAT_CELL_H, 80)
}

fn heat_layout(p: &Prepared) -> HeatLayout {
    let header_lines = p
        .heat_committees
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(1);
    HeatLayout {
        top: 40 + header_lines as i32 * (HEAT_HEADER_FONT * 1.3) as i32,
        cell_h: heat_cell_h(p.heat_themes.len()),
        grid_h: p.heat_themes.len() as i32 * heat_cell_h(p.heat_themes.len()),
        caption_h: 40 + p.heat_caption.len() as i32 * HEAT_CAPTION_PITCH,
    }
}

fn stacked_height(sb: &StackedBars) -> u32 {
    // Pitch shrinks for long lists so huge inputs stay a sane bitmap size.
    let rows = sb.rows.len();
    let pitch = if rows <= 150 {
        28
    } else {
        (14_000 / rows as u32).clamp(8, 28)
    };
    let bars = 200 + rows as u32 * pitch;
    // Tall enough for the legend too (up to 60 entries; beyond, "ほか N 件").
    let legend =
        80 + 20 + 60 + sb.series.len().min(60) as u32 * 34 + 16 + sb.note.len() as u32 * 28 + 20;
    if sb.rows.is_empty() {
        bars
    } else {
        bars.max(legend)
    }
}

/// Draws the four charts (PNG and SVG each) into `out_dir`, creating it,
/// after checking that `opts.font_family` has a glyph for every text drawn.
/// Returns the 8 paths: `theme_trends`, `committee_themes`, `meeting_themes`,
/// `speaker_roles`, each `.png` then `.svg`.
pub fn render_all(
    out_dir: &Path,
    data: &ChartData,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    let __t = std::time::Instant::now(); // TIMING
    let prepared = prepare(data, opts);
    if std::env::var_os("KAIGI_CHART_TIMING").is_some() {
        eprintln!("prepare {:?}", __t.elapsed());
    } // TIMING
    let font = resolve_font(&opts.font_family, &drawn_text(&prepared))?;
    if std::env::var_os("KAIGI_CHART_TIMING").is_some() {
        eprintln!("font {:?}", __t.elapsed());
    } // TIMING
    std::fs::create_dir_all(out_dir).map_err(|source| ChartError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut paths = Vec::with_capacity(8);
    for kind in [Kind::Trends, Kind::Heatmap, Kind::Meetings, Kind::Roles] {
        let size = (kind.width(&prepared), kind.height(&prepared));
        let png = out_dir.join(format!("{}.png", kind.stem()));
        {
            let root = BitMapBackend::new(&png, size).into_drawing_area();
            draw_kind(kind, &root, &prepared, &font.family)
                .and_then(|_| root.present().map_err(Into::into))
                .map_err(|e| ChartError::Draw {
                    path: png.clone(),
                    message: e.to_string(),
                })?;
        }
        paths.push(png);
        if std::env::var_os("KAIGI_CHART_TIMING").is_some() {
            eprintln!("{} png {:?}", kind.stem(), __t.elapsed());
        } // TIMING
        let svg = out_dir.join(format!("{}.svg", kind.stem()));
        {
            let root = SVGBackend::new(&svg, size).into_drawing_area();
            draw_kind(kind, &root, &prepared, &font.family)
                .and_then(|_| root.present().map_err(Into::into))
                .map_err(|e| ChartError::Draw {
                    path: svg.clone(),
                    message: e.to_string(),
                })?;
        }
        paths.push(svg);
        if std::env::var_os("KAIGI_CHART_TIMING").is_some() {
            eprintln!("{} svg {:?}", kind.stem(), __t.elapsed());
        } // TIMING
    }
    Ok(paths)
}

fn draw_kind<DB: DrawingBackend>(
    kind: Kind,
    root: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    match kind {
        Kind::Trends => draw_trends(root, p, family),
        Kind::Heatmap => draw_heatmap(root, p, family),
        Kind::Meetings => draw_stacked(root, &p.meetings, family),
        Kind::Roles => draw_stacked(root, &p.roles, family),
    }
}

fn text_style(family: &str, size: f64) -> TextStyle<'_> {
    (family, size).into_font().color(&BLACK)
}

fn anchored(style: TextStyle<'_>, h: HPos, v: VPos) -> TextStyle<'_> {
    style.pos(Pos::new(h, v))
}

/// Draws `text` at pixel `pos` of `area` (area-relative).
fn put_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    pos: (i32, i32),
    style: &TextStyle<'_>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    area.draw(&Text::new(text.to_string(), pos, style.clone()))?;
    Ok(())
}

/// Title centred at the top; returns the area below it.
fn draw_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    family: &str,
) -> Result<DrawingArea<DB, Shift>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (w, _) = root.dim_in_pixel();
    let (top, rest) = root.split_vertically(80);
    put_text(
        &top,
        title,
        (w as i32 / 2, 44),
        &anchored(text_style(family, 40.0), HPos::Center, VPos::Center),
    )?;
    Ok(rest)
}

fn draw_no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    family: &str,
    size: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    put_text(
        area,
        NO_DATA,
        (w as i32 / 2, h as i32 / 2),
        &anchored(
            text_style(family, size).color(&RGBColor(110, 110, 110)),
            HPos::Center,
            VPos::Center,
        ),
    )
}

/// (rows, cols) of the small-multiple grid.
fn grid_shape(n: usize) -> (usize, usize) {
    let cols = match n {
        0 | 1 => 1,
        2 | 4 => 2,
        _ => 3,
    };
    (n.max(1).div_ceil(cols), cols)
}

/// Calendar x axis: dates keep their true spacing, ticks fall on month starts.
#[derive(Clone, Debug)]
struct DateAxis {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateAxis {
    /// Range around `[min, max]`, padded so that one date still gives an axis.
    fn padded(min: NaiveDate, max: NaiveDate) -> Self {
        let span = (max - min).num_days();
        let pad = chrono::Duration::days((span / 20).max(35));
        DateAxis {
            start: min - pad,
            end: max + pad,
        }
    }
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn month_start(m: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
}

/// Month starts within `[start, end]`, every 1, 2, 3, 6, 12… months so that
/// there are at most `max` of them.
fn month_ticks(start: NaiveDate, end: NaiveDate, max: usize) -> Vec<NaiveDate> {
    if max == 0 || end < start {
        return Vec::new();
    }
    let first = month_index(start) + i32::from(start.day() != 1);
    let last = month_index(end);
    if last < first {
        return Vec::new();
    }
    let steps = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200];
    let mut step = *steps.last().expect("non-empty");
    for s in steps {
        let count = (last.div_euclid(s) - (first - 1).div_euclid(s)) as usize;
        if count <= max {
            step = s;
            break;
        }
    }
    let mut m = first + (step - first.rem_euclid(step)) % step;
    let mut out = Vec::new();
    while m <= last && out.len() < max {
        if let Some(d) = month_start(m) {
            out.push(d);
        }
        m += step;
    }
    out
}

impl Ranged for DateAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = NaiveDate;

    fn map(&self, value: &NaiveDate, limit: (i32, i32)) -> i32 {
        let total = (self.end - self.start).num_days().max(1) as f64;
        let offset = (*value - self.start).num_days() as f64;
        limit.0 + (offset / total * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<NaiveDate> {
        month_ticks(self.start, self.end, hint.max_num_points())
    }

    fn range(&self) -> Range<NaiveDate> {
        self.start..self.end
    }
}

impl ValueFormatter<NaiveDate> for DateAxis {
    fn format(value: &NaiveDate) -> String {
        value.format("%Y-%m").to_string()
    }
}

fn nice_max(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        1.0
    } else {
        v * 1.12
    }
}

fn draw_trends<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = draw_title(root, TITLE_TRENDS, family)?;
    let (range, n) = match p.date_range {
        Some(r) if !p.trend_panels.is_empty() => (r, p.trend_panels.len()),
        _ => return draw_no_data(&body, family, 48.0),
    };
    let (w, _) = body.dim_in_pixel();
    let legend_font = 21.0;
    let mut legend_w = 260;
    for name in &p.trend_committees {
        let (tw, _) = body.estimate_text_size(name, &text_style(family, legend_font))?;
        legend_w = legend_w.max(tw as i32 + 80);
    }
    let legend_w = legend_w.min(w as i32 * 2 / 5);
    let (panels_area, legend_area) = body.split_horizontally(w as i32 - legend_w);
    let (rows, cols) = grid_shape(n);
    let cells = panels_area.split_evenly((rows, cols));
    let axis = DateAxis::padded(range.0, range.1);
    for (panel, area) in p.trend_panels.iter().zip(cells.iter()) {
        let ymax = nice_max(
            panel
                .series
                .iter()
                .flat_map(|s| s.points.iter().map(|pt| pt.1))
                .fold(0.0, f64::max),
        );
        let mut chart = ChartBuilder::on(area)
            .caption(panel.label.as_str(), text_style(family, 28.0))
            .margin(12)
            .margin_right(28)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(axis.clone(), 0f64..ymax)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .y_label_formatter(&|v| {
                if ymax < 2.0 {
                    format!("{v:.2}")
                } else {
                    format!("{v:.1}")
                }
            })
            .label_style(text_style(family, 17.0))
            .axis_desc_style(text_style(family, 17.0))
            .bold_line_style(RGBColor(0, 0, 0).mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()?;
        if panel.series.is_empty() {
            draw_no_data(&chart.plotting_area().strip_coord_spec(), family, 26.0)?;
            continue;
        }
        for s in &panel.series {
            let color = series_color(s.committee);
            chart.draw_series(LineSeries::new(
                s.points.iter().copied(),
                color.stroke_width(3),
            ))?;
            chart.draw_series(
                s.points
                    .iter()
                    .map(|&pt| Circle::new(pt, 5, color.filled())),
            )?;
        }
    }
    // Shared legend and axis note.
    let legend = legend_area.margin(20, 10, 10, 10);
    put_text(
        &legend,
        LEGEND_COMMITTEES,
        (0, 12),
        &anchored(text_style(family, 26.0), HPos::Left, VPos::Center),
    )?;
    let (_, lh) = legend.dim_in_pixel();
    let pitch = 34;
    let fit = ((lh as i32 - 120) / pitch).max(1) as usize;
    let shown = if p.trend_committees.len() > fit {
        fit - 1
    } else {
        p.trend_committees.len()
    };
    for (i, name) in p.trend_committees.iter().take(shown).enumerate() {
        let y = 56 + i as i32 * pitch;
        let color = series_color(i);
        legend.draw(&PathElement::new(
            vec![(0, y), (36, y)],
            color.stroke_width(3),
        ))?;
        legend.draw(&Circle::new((18, y), 5, color.filled()))?;
        put_text(
            &legend,
            name,
            (46, y),
            &anchored(text_style(family, legend_font), HPos::Left, VPos::Center),
        )?;
    }
    let mut y = 56 + shown as i32 * pitch;
    if shown < p.trend_committees.len() {
        put_text(
            &legend,
            &more_entries(p.trend_committees.len() - shown),
            (46, y),
            &anchored(text_style(family, 21.0), HPos::Left, VPos::Center),
        )?;
        y += pitch;
    }
    put_text(
        &legend,
        &format!("x: {DESC_DATE}"),
        (0, y + 20),
        &anchored(
            text_style(family, 18.0).color(&RGBColor(90, 90, 90)),
            HPos::Left,
            VPos::Center,
        ),
    )?;
    put_text(
        &legend,
        &format!("y: {HEAT_SCALE}"),
        (0, y + 48),
        &anchored(
            text_style(family, 18.0).color(&RGBColor(90, 90, 90)),
            HPos::Left,
            VPos::Center,
        ),
    )?;
    Ok(())
}

/// White → dark blue, `t` in `[0, 1]`.
fn heat_color(t: f64) -> RGBColor {
    const STOPS: [(f64, (u8, u8, u8)); 5] = [
        (0.0, (247, 251, 255)),
        (0.25, (198, 219, 239)),
        (0.5, (107, 174, 214)),
        (0.75, (33, 113, 181)),
        (1.0, (8, 48, 107)),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    for w in STOPS.windows(2) {
        let (t0, c0) = w[0];
        let (t1, c1) = w[1];
        if t <= t1 {
            let f = (t - t0) / (t1 - t0);
            let mix =
                |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
            return RGBColor(mix(c0.0, c1.0), mix(c0.1, c1.1), mix(c0.2, c1.2));
        }
    }
    let (r, g, b) = STOPS[STOPS.len() - 1].1;
    RGBColor(r, g, b)
}

/// `text` at the largest size in `[min, max]` that fits `width`, else cut with `…`.
fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    family: &str,
    max: f64,
    min: f64,
    width: u32,
) -> Result<(String, f64), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut size = max;
    loop {
        let (tw, _) = area.estimate_text_size(text, &text_style(family, size))?;
        if tw <= width {
            return Ok((text.to_string(), size));
        }
        if size - 1.0 < min {
            break;
        }
        size -= 1.0;
    }
    let n = text.chars().count();
    for keep in (1..n).rev() {
        let cut = truncate_chars(text, keep);
        let (tw, _) = area.estimate_text_size(&cut, &text_style(family, size))?;
        if tw <= width {
            return Ok((cut, size));
        }
    }
    Ok((ELLIPSIS.to_string(), size))
}

fn draw_heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = draw_title(root, TITLE_HEATMAP, family)?;
    if p.heat_themes.is_empty() || p.heat_committees.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let layout = heat_layout(p);
    let (w, _) = body.dim_in_pixel();
    let w = w as i32;
    let ncols = p.heat_committees.len() as i32;
    // Theme labels on the left, at full length unless they would take more
    // than two fifths of the width.
    let label_max = w * 2 / 5;
    let mut left = 120;
    for t in &p.heat_themes {
        let (tw, _) = body.estimate_text_size(t, &text_style(family, HEAT_ROW_FONT))?;
        left = left.max(tw as i32 + 30);
    }
    let left = left.min(label_max);
    let cell_w = ((w - 2 * HEAT_MARGIN - left - HEAT_SCALE_W) / ncols).clamp(60, HEAT_MAX_COL_W);
    let cell_h = layout.cell_h;
    let block_w = left + ncols * cell_w + HEAT_SCALE_W;
    let x0 = ((w - block_w) / 2).max(HEAT_MARGIN);
    let grid_left = x0 + left;
    let top = layout.top;
    // Committee headers: wrapped lines, one size for all that fits the cells.
    let mut header_font = HEAT_HEADER_FONT;
    'shrink: while header_font > 12.0 {
        for line in p.heat_committees.iter().flatten() {
            let (tw, _) = body.estimate_text_size(line, &text_style(family, header_font))?;
            if tw as i32 > cell_w - 16 {
                header_font -= 1.0;
                continue 'shrink;
            }
        }
        break;
    }
    let line_pitch = (HEAT_HEADER_FONT * 1.3) as i32;
    for (j, lines) in p.heat_committees.iter().enumerate() {
        let x = grid_left + j as i32 * cell_w + cell_w / 2;
        for (k, line) in lines.iter().rev().enumerate() {
            let (text, size) =
                fit_text(&body, line, family, header_font, 12.0, (cell_w - 12) as u32)?;
            put_text(
                &body,
                &text,
                (x, top - 12 - k as i32 * line_pitch),
                &anchored(text_style(family, size), HPos::Center, VPos::Bottom),
            )?;
        }
    }
    let vmax = p
        .heat_cells
        .iter()
        .flatten()
        .flatten()
        .map(|c| c.value)
        .fold(0.0, f64::max);
    let mut value_font = 22.0;
    for cell in p.heat_cells.iter().flatten().flatten() {
        let text = heat_text(cell);
        while value_font > 11.0
            && body
                .estimate_text_size(&text, &text_style(family, value_font))?
                .0 as i32
                > cell_w - 24
        {
            value_font -= 1.0;
        }
    }
    for (i, (label, cells)) in p.heat_themes.iter().zip(&p.heat_cells).enumerate() {
        let y0 = top + i as i32 * cell_h;
        let (text, size) = fit_text(
            &body,
            label,
            family,
            HEAT_ROW_FONT,
            15.0,
            (left - 30).max(20) as u32,
        )?;
        put_text(
            &body,
            &text,
            (grid_left - 14, y0 + cell_h / 2),
            &anchored(text_style(family, size), HPos::Right, VPos::Center),
        )?;
        for (j, cell) in cells.iter().enumerate() {
            let cx = grid_left + j as i32 * cell_w;
            let rect = [(cx, y0), (cx + cell_w, y0 + cell_h)];
            match cell {
                None => {
                    body.draw(&Rectangle::new(rect, RGBColor(235, 235, 235).filled()))?;
                    put_text(
                        &body,
                        HEAT_MISSING,
                        (cx + cell_w / 2, y0 + cell_h / 2),
                        &anchored(
                            text_style(family, value_font).color(&RGBColor(120, 120, 120)),
                            HPos::Center,
                            VPos::Center,
                        ),
                    )?;
                }
                Some(c) => {
                    let t = if vmax > 0.0 { c.value / vmax } else { 0.0 };
                    body.draw(&Rectangle::new(rect, heat_color(t).filled()))?;
                    let color = if t > 0.55 { WHITE } else { BLACK };
                    put_text(
                        &body,
                        &heat_text(c),
                        (cx + cell_w / 2, y0 + cell_h / 2),
                        &anchored(
                            text_style(family, value_font).color(&color),
                            HPos::Center,
                            VPos::Center,
                        ),
                    )?;
                }
            }
            body.draw(&Rectangle::new(rect, WHITE.stroke_width(2)))?;
        }
    }
    // Significant cells: a border just inside the cell, clear of the number.
    for (i, cells) in p.heat_cells.iter().enumerate() {
        for (j, cell) in cells.iter().enumerate() {
            if cell.as_ref().is_some_and(|c| c.mark.is_some()) {
                let cx = grid_left + j as i32 * cell_w;
                let y0 = top + i as i32 * cell_h;
                body.draw(&Rectangle::new(
                    [(cx + 4, y0 + 4), (cx + cell_w - 4, y0 + cell_h - 4)],
                    SIG_COLOR.stroke_width(3),
                ))?;
            }
        }
    }
    // Colour scale.
    let sx = grid_left + ncols * cell_w + 40;
    let sy0 = top;
    let sy1 = top + layout.grid_h.max(HEAT_MIN_SCALE_H);
    let steps = 100;
    for k in 0..steps {
        let ya = sy1 - (sy1 - sy0) * k / steps;
        let yb = sy1 - (sy1 - sy0) * (k + 1) / steps;
        body.draw(&Rectangle::new(
            [(sx, yb), (sx + 28, ya)],
            heat_color(f64::from(k) / f64::from(steps - 1)).filled(),
        ))?;
    }
    body.draw(&Rectangle::new(
        [(sx, sy0), (sx + 28, sy1)],
        BLACK.stroke_width(1),
    ))?;
    let label_style = anchored(text_style(family, 17.0), HPos::Left, VPos::Center);
    put_text(&body, &fmt_rate(vmax), (sx + 36, sy0), &label_style)?;
    put_text(
        &body,
        &fmt_rate(vmax / 2.0),
        (sx + 36, (sy0 + sy1) / 2),
        &label_style,
    )?;
    put_text(&body, &fmt_rate(0.0), (sx + 36, sy1), &label_style)?;
    put_text(
        &body,
        HEAT_SCALE,
        (sx - 8, sy0 - 24),
        &anchored(text_style(family, 17.0), HPos::Left, VPos::Center),
    )?;
    // Caption: what the marks mean, and which themes are shown.
    let cap_y = sy1 + 36;
    let cap_x = x0 + 10;
    body.draw(&Rectangle::new(
        [(cap_x, cap_y - 13), (cap_x + 40, cap_y + 13)],
        heat_color(0.0).filled(),
    ))?;
    body.draw(&Rectangle::new(
        [(cap_x + 3, cap_y - 10), (cap_x + 37, cap_y + 10)],
        SIG_COLOR.stroke_width(3),
    ))?;
    for (k, line) in p.heat_caption.iter().enumerate() {
        put_text(
            &body,
            line,
            (cap_x + 52, cap_y + k as i32 * HEAT_CAPTION_PITCH),
            &anchored(text_style(family, 20.0), HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

/// Border colour of significant heatmap cells.
const SIG_COLOR: RGBColor = RGBColor(230, 85, 13);

/// Value of a heatmap cell with one decimal, then its mark.
fn heat_text(c: &HeatCell) -> String {
    match c.mark {
        Some(m) => format!("{} {m}", fmt_rate(c.value)),
        None => fmt_rate(c.value),
    }
}

fn draw_stacked<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sb: &StackedBars,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = draw_title(root, sb.title, family)?;
    let totals: Vec<u64> = sb.values.iter().map(|r| r.iter().sum()).collect();
    if sb.rows.is_empty() || sb.series.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let (w, h) = body.dim_in_pixel();
    // Legend on the right, sized to its longest entry and note line.
    let legend_font = 21.0;
    let note_font = 18.0;
    let mut legend_w = 180;
    for (name, _) in &sb.series {
        let (tw, _) = body.estimate_text_size(name, &text_style(family, legend_font))?;
        legend_w = legend_w.max(tw as i32 + 80);
    }
    for line in &sb.note {
        let (tw, _) = body.estimate_text_size(line, &text_style(family, note_font))?;
        legend_w = legend_w.max(tw as i32 + 40);
    }
    let legend_w = legend_w.min(w as i32 / 3);
    let (plot_area, legend_area) = body.split_horizontally(w as i32 - legend_w);
    let n = sb.rows.len();
    let pitch = f64::from(h.saturating_sub(80)) / n as f64;
    // Several label lines per bar when they fit, else one compact line.
    let max_lines = sb.rows.iter().map(|r| r.lines.len()).max().unwrap_or(1);
    let multi_font = 20.0;
    let multi_pitch = multi_font * 1.3;
    let multi = max_lines > 1 && pitch >= max_lines as f64 * multi_pitch + 10.0;
    let row_font = if multi {
        multi_font
    } else {
        (pitch * 0.62).clamp(8.0, 20.0)
    };
    let row_lines = |r: &RowLabel| -> Vec<String> {
        if multi {
            r.lines.clone()
        } else {
            vec![r.compact.clone()]
        }
    };
    let mut label_w = 60;
    for r in &sb.rows {
        for line in row_lines(r) {
            let (tw, _) = body.estimate_text_size(&line, &text_style(family, row_font))?;
            label_w = label_w.max(tw as i32 + 24);
        }
    }
    let xmax = totals.iter().copied().max().unwrap_or(0).max(1);
    let xmax = (xmax as f64 * 1.1).ceil() as u64 + 1;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(16)
        .margin_right(30)
        .x_label_area_size(64)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0u64..xmax, 0f64..n as f64)?;
    chart
        .configure_mesh()
        .x_labels(10)
        .y_labels(0)
        .disable_y_mesh()
        .x_desc(DESC_HITS)
        .label_style(text_style(family, 18.0))
        .axis_desc_style(text_style(family, 20.0))
        .bold_line_style(RGBColor(0, 0, 0).mix(0.15))
        .light_line_style(TRANSPARENT)
        .draw()?;
    let gap = if pitch > 6.0 { 0.15 } else { 0.02 };
    let base = root.get_base_pixel();
    for (i, (label, row)) in sb.rows.iter().zip(&sb.values).enumerate() {
        // Row i from the top.
        let yc = n as f64 - i as f64 - 0.5;
        let (y_top, y_bottom) = (yc + 0.5 - gap, yc - 0.5 + gap);
        let mut x = 0u64;
        for (v, (_, color)) in row.iter().zip(&sb.series) {
            if *v == 0 {
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y_top), (x + v, y_bottom)],
                color.filled(),
            )))?;
            x += v;
        }
        let (px, py) = chart.backend_coord(&(0, yc));
        let lines = row_lines(label);
        let first = -((lines.len() - 1) as f64) * multi_pitch / 2.0;
        for (k, line) in lines.iter().enumerate() {
            let dy = (first + k as f64 * multi_pitch).round() as i32;
            let color = if k == 0 || !multi {
                BLACK
            } else {
                RGBColor(60, 60, 60)
            };
            put_text(
                root,
                line,
                (px - base.0 - 10, py - base.1 + dy),
                &anchored(
                    text_style(family, row_font).color(&color),
                    HPos::Right,
                    VPos::Center,
                ),
            )?;
        }
        if pitch >= 14.0 {
            let (ex, _) = chart.backend_coord(&(x, yc));
            put_text(
                root,
                &x.to_string(),
                (ex - base.0 + 6, py - base.1),
                &anchored(
                    text_style(family, row_font.min(20.0) * 0.9).color(&RGBColor(70, 70, 70)),
                    HPos::Left,
                    VPos::Center,
                ),
            )?;
        }
    }
    // Legend, then its note.
    let legend = legend_area.margin(20, 10, 10, 10);
    put_text(
        &legend,
        sb.legend_title,
        (0, 12),
        &anchored(text_style(family, 26.0), HPos::Left, VPos::Center),
    )?;
    let (_, lh) = legend.dim_in_pixel();
    let lpitch = 34;
    let note_pitch = 28;
    let note_h = if sb.note.is_empty() {
        0
    } else {
        16 + sb.note.len() as i32 * note_pitch
    };
    let fit = ((lh as i32 - 60 - note_h) / lpitch).max(1) as usize;
    let shown = if sb.series.len() > fit {
        fit - 1
    } else {
        sb.series.len()
    };
    for (i, (name, color)) in sb.series.iter().take(shown).enumerate() {
        let y = 56 + i as i32 * lpitch;
        legend.draw(&Rectangle::new([(0, y - 11), (30, y + 11)], color.filled()))?;
        put_text(
            &legend,
            name,
            (42, y),
            &anchored(text_style(family, legend_font), HPos::Left, VPos::Center),
        )?;
    }
    let mut y = 56 + shown as i32 * lpitch;
    if shown < sb.series.len() {
        put_text(
            &legend,
            &more_entries(sb.series.len() - shown),
            (42, y),
            &anchored(text_style(family, legend_font), HPos::Left, VPos::Center),
        )?;
        y += lpitch;
    }
    y += 6;
    for line in &sb.note {
        put_text(
            &legend,
            line,
            (0, y),
            &anchored(
                text_style(family, note_font).color(&RGBColor(90, 90, 90)),
                HPos::Left,
                VPos::Center,
            ),
        )?;
        y += note_pitch;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(
        meeting: &str,
        committee: &str,
        date: &str,
        theme: &str,
        label: &str,
        hits: u64,
    ) -> MeetingThemePoint {
        MeetingThemePoint {
            meeting_id: meeting.into(),
            committee: committee.into(),
            date: date.into(),
            theme: theme.into(),
            theme_label: label.into(),
            hits,
            tokens: 20_000,
            per_10k_tokens: hits as f64 / 2.0,
        }
    }

    fn sample() -> ChartData {
        let themes = [
            ("supply", "サプライチェーン"),
            ("ai", "人工知能"),
            ("energy", "エネルギー安全保障"),
        ];
        let meetings = [
            ("m1", "経済安全保障推進会議", "2023-04-12"),
            ("m2", "経済安全保障推進会議", "2023-05-02"),
            (
                "m3",
                "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
                "2023-04-20",
            ),
            (
                "m4",
                "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
                "2024-01-15",
            ),
            ("m5", "経済安全保障推進会議", ""),
        ];
        let mut meeting_points = Vec::new();
        for (k, (m, c, d)) in meetings.iter().enumerate() {
            for (j, (t, l)) in themes.iter().enumerate() {
                meeting_points.push(point(m, c, d, t, l, ((k * 3 + j * 5) % 7) as u64 + 1));
            }
        }
        let mut committee_cells = Vec::new();
        for (i, c) in [
            "経済安全保障推進会議",
            "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
        ]
        .iter()
        .enumerate()
        {
            for (j, (t, l)) in themes.iter().enumerate() {
                committee_cells.push(CommitteeThemeCell {
                    committee: c.to_string(),
                    theme: t.to_string(),
                    theme_label: l.to_string(),
                    per_10k_tokens: 1.5 + (i * 3 + j) as f64,
                    hits: 10,
                    g2: 5.0,
                    p_value: if j == 1 { 0.01 } else { 0.4 },
                    log_ratio: if i == 0 { 0.7 } else { -0.7 },
                });
            }
        }
        let mut role_counts = Vec::new();
        for (t, l) in themes {
            for (k, role) in ["chair", "member", "official", "unknown"]
                .iter()
                .enumerate()
            {
                role_counts.push(RoleThemeCount {
                    theme: t.into(),
                    theme_label: l.into(),
                    role: role.to_string(),
                    hits: (k as u64 + 1) * 3,
                });
            }
        }
        ChartData {
            meeting_points,
            committee_cells,
            role_counts,
        }
    }

    fn png_size(path: &Path) -> (u32, u32) {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        (w, h)
    }

    #[test]
    fn render_all_writes_png_and_svg_with_japanese_labels() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("charts");
        let paths = render_all(&out, &sample(), &ChartOptions::default()).unwrap();
        assert_eq!(paths.len(), 8);
        for stem in [
            "theme_trends",
            "committee_themes",
            "meeting_themes",
            "speaker_roles",
        ] {
            for ext in ["png", "svg"] {
                let p = out.join(format!("{stem}.{ext}"));
                assert!(paths.contains(&p), "{p:?} not returned");
                assert!(p.is_file(), "{p:?} missing");
            }
            let (w, h) = png_size(&out.join(format!("{stem}.png")));
            assert!(w >= 1600 && h >= HEATMAP_MIN_HEIGHT, "{stem}: {w}x{h}");
            let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
            assert!(
                svg.contains(DEFAULT_FONT_FAMILY),
                "{stem}.svg lacks the font family"
            );
            assert!(
                svg.contains("サプライチェーン"),
                "{stem}.svg lacks the theme label"
            );
        }
        let heat = std::fs::read_to_string(out.join("committee_themes.svg")).unwrap();
        assert!(heat.contains(MARK_UP) && heat.contains(MARK_DOWN));
        // Long committee names are wrapped onto header lines, not cut.
        assert!(heat.contains("特殊貿易措置小委員会"), "committee name cut");
        assert!(!heat.contains(ELLIPSIS));
    }

    /// `n` themes over 3 committees, 4 meetings and 2 roles; theme `t{k}` has
    /// `k + 1` hits in every meeting and role.
    fn many_themes(n: usize) -> ChartData {
        let committees = [
            "委員会A",
            "委員会B",
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会",
        ];
        let mut data = ChartData::default();
        for k in 0..n {
            let (t, l) = (format!("t{k}"), format!("テーマ{k}"));
            for (m, date) in ["2023-01-10", "2023-03-02", "2023-06-20", "2024-02-01"]
                .iter()
                .enumerate()
            {
                data.meeting_points.push(point(
                    &format!("m{m}"),
                    committees[m % 3],
                    date,
                    &t,
                    &l,
                    k as u64 + 1,
                ));
            }
            for (i, c) in committees.iter().enumerate() {
                data.committee_cells.push(CommitteeThemeCell {
                    committee: c.to_string(),
                    theme: t.clone(),
                    theme_label: l.clone(),
                    per_10k_tokens: (k + i) as f64 * 1.25,
                    hits: k as u64 + 1,
                    g2: 4.0,
                    p_value: if (k + i) % 3 == 0 { 0.01 } else { 0.5 },
                    log_ratio: if i == 0 { 0.5 } else { -0.5 },
                });
            }
            for role in ["member", "official"] {
                data.role_counts.push(RoleThemeCount {
                    theme: t.clone(),
                    theme_label: l.clone(),
                    role: role.into(),
                    hits: k as u64 + 1,
                });
            }
        }
        data
    }

    #[test]
    fn many_themes_keep_the_top_ones_and_lump_the_rest() {
        let data = many_themes(30);
        let p = prepare(&data, &ChartOptions::default());
        // Heatmap: the 20 themes with most hits, in their original order.
        let want: Vec<String> = (10..30).map(|k| format!("テーマ{k}")).collect();
        assert_eq!(p.heat_themes, want);
        assert_eq!(p.heat_cells.len(), 20);
        assert!(p.heat_cells.iter().all(|r| r.len() == 3));
        assert_eq!(p.heat_caption.len(), 2);
        assert_eq!(
            p.heat_caption[1],
            "上位20テーマ（全30件は committee_keyness.csv）"
        );
        assert_eq!(
            p.heat_committees[2],
            vec![
                "情報通信ネットワークにおける",
                "サイバーセキュリティ対策",
                "分科会"
            ]
        );
        // Meetings: 12 themes and "その他"; every bar keeps its true total.
        let all: u64 = (1..=30).sum();
        assert_eq!(p.meetings.series.len(), MAX_STACK_THEMES + 1);
        assert_eq!(p.meetings.series[0].0, "テーマ18");
        assert_eq!(p.meetings.series[12].0, other_label(18));
        assert!(p
            .meetings
            .values
            .iter()
            .all(|r| r.iter().sum::<u64>() == all));
        assert_eq!(p.meetings.values[0][12], (1..=18).sum::<u64>());
        assert!(!p.meetings.note.is_empty());
        // Roles: 12 theme rows and one "その他" row.
        assert_eq!(p.roles.rows.len(), MAX_STACK_THEMES + 1);
        assert_eq!(p.roles.rows[12].compact, other_label(18));
        let role_total: u64 = p.roles.values.iter().flatten().sum();
        assert_eq!(role_total, 2 * all);
        // Trends still keep 8 panels.
        assert_eq!(p.trend_panels.len(), MAX_TREND_THEMES);

        let dir = tempfile::tempdir().unwrap();
        render_all(dir.path(), &data, &ChartOptions::default()).unwrap();
        let texts = |stem: &str| -> Vec<String> {
            let svg = std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).unwrap();
            svg.split("<text")
                .skip(1)
                .filter_map(|t| {
                    let body = &t[t.find('>')? + 1..];
                    Some(body[..body.find("</text>")?].trim().to_string())
                })
                .collect()
        };
        let has = |texts: &[String], s: &str| texts.iter().any(|t| t == s);
        let meet = texts("meeting_themes");
        assert!(
            has(&meet, &other_label(18)) && has(&meet, "テーマ29"),
            "{meet:?}"
        );
        assert!(!has(&meet, "テーマ17") && !has(&meet, &more_entries(1)));
        assert!(other_note(12, 18).iter().all(|l| has(&meet, l)));
        let roles = texts("speaker_roles");
        assert!(has(&roles, &other_label(18)) && has(&roles, "テーマ29"));
        assert!(!has(&roles, "テーマ17"));
        let heat = texts("committee_themes");
        assert!(has(&heat, &heat_top_note(20, 30)) && has(&heat, "テーマ10"));
        assert!(!has(&heat, "テーマ9"));
        assert!(has(&heat, "情報通信ネットワークにおける"));
        let (w, h) = png_size(&dir.path().join("committee_themes.png"));
        assert!(w >= 1600 && h >= 20 * HEAT_CELL_H as u32, "{w}x{h}");

        // Chosen themes are all drawn, without "その他".
        let opts = ChartOptions {
            themes_shown: Some((0..30).map(|k| format!("t{k}")).collect()),
            ..ChartOptions::default()
        };
        let p = prepare(&data, &opts);
        assert_eq!(p.heat_themes.len(), 30);
        assert_eq!(p.heat_caption.len(), 1);
        assert_eq!(p.meetings.series.len(), 30);
        assert!(p.meetings.note.is_empty());
        assert_eq!(p.roles.rows.len(), 30);
        assert!(!drawn_text(&p).contains(OTHER));
    }

    #[test]
    fn wrap_label_breaks_at_natural_points() {
        assert_eq!(
            wrap_label(
                "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
                14.0,
                3
            ),
            vec!["産業構造審議会", "通商・貿易分科会", "特殊貿易措置小委員会"]
        );
        assert_eq!(
            wrap_label("サイバーセキュリティタスクフォース", 14.0, 3),
            vec!["サイバーセキュリティ", "タスクフォース"]
        );
        assert_eq!(wrap_label("委員会", 14.0, 3), vec!["委員会"]);
        let cut = wrap_label(&"あ".repeat(50), 14.0, 3);
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with(ELLIPSIS));
        assert!(cut.iter().all(|l| text_units(l) <= 14.0));
    }

    #[test]
    fn empty_data_draws_no_data_notes() {
        let dir = tempfile::tempdir().unwrap();
        let paths =
            render_all(dir.path(), &ChartData::default(), &ChartOptions::default()).unwrap();
        assert_eq!(paths.len(), 8);
        for p in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        {
            assert!(
                std::fs::read_to_string(p).unwrap().contains(NO_DATA),
                "{p:?}"
            );
        }
    }

    #[test]
    fn noto_covers_all_drawn_text_and_unknown_family_is_an_error() {
        let text = chart_text(&sample(), &ChartOptions::default());
        assert!(text.contains("サプライチェーン"));
        let font = resolve_font(DEFAULT_FONT_FAMILY, "").expect("fonts-noto-cjk installed");
        assert_eq!(font.family, DEFAULT_FONT_FAMILY);
        assert_eq!(missing_glyphs(&font, &text), Vec::<char>::new());
        assert!(resolve_font(DEFAULT_FONT_FAMILY, &text).is_ok());
        let err = resolve_font("NoSuchFontXYZ", "abc").unwrap_err();
        assert!(matches!(err, ChartError::FontNotFound { .. }), "{err}");
        assert!(err.to_string().contains("fonts-noto-cjk"));
    }

    #[test]
    fn missing_glyphs_reports_uncoverable_chars() {
        let font = resolve_font(DEFAULT_FONT_FAMILY, "").unwrap();
        assert_eq!(
            missing_glyphs(&font, "会議 \u{10FFFD}\n\u{10FFFD}"),
            vec!['\u{10FFFD}']
        );
        let err = resolve_font(DEFAULT_FONT_FAMILY, "テーマ\u{10FFFD}").unwrap_err();
        assert!(matches!(err, ChartError::MissingGlyphs { .. }));
        assert!(err.to_string().contains("U+10FFFD"), "{err}");
    }

    #[test]
    fn month_ticks_fall_on_month_starts() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(
            month_ticks(d("2023-04-12"), d("2023-07-01"), 10),
            vec![d("2023-05-01"), d("2023-06-01"), d("2023-07-01")]
        );
        let ticks = month_ticks(d("2019-01-01"), d("2024-12-31"), 6);
        assert!(ticks.len() <= 6 && !ticks.is_empty());
        assert!(ticks.iter().all(|t| t.day() == 1));
        let one = DateAxis::padded(d("2023-04-12"), d("2023-04-12"));
        assert!(!month_ticks(one.start, one.end, 5).is_empty());
        assert!(month_ticks(d("2023-04-12"), d("2023-04-20"), 5).is_empty());
    }

    #[test]
    fn trends_keep_the_eight_themes_with_most_hits() {
        let mut data = ChartData::default();
        for t in 0..10u64 {
            data.meeting_points.push(point(
                "m",
                "委員会",
                "2023-01-01",
                &format!("t{t}"),
                &format!("テーマ{t}"),
                t + 1,
            ));
        }
        let p = prepare(&data, &ChartOptions::default());
        let labels: Vec<&str> = p.trend_panels.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels.len(), 8);
        assert_eq!(labels[0], "テーマ2");
        assert_eq!(p.heat_themes.len(), 10);
        let opts = ChartOptions {
            themes_shown: Some(vec!["t1".into(), "t0".into()]),
            ..ChartOptions::default()
        };
        let p = prepare(&data, &opts);
        let labels: Vec<&str> = p.trend_panels.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, vec!["テーマ1", "テーマ0"]);
    }

    #[test]
    fn truncation_and_family_matching() {
        assert_eq!(truncate_chars("あいうえお", 3), "あい…");
        assert_eq!(truncate_chars("あいう", 3), "あいう");
        assert_eq!(
            normalize_family("Noto Sans CJK JP"),
            normalize_family("noto sans cjk jp")
        );
        assert_eq!(escape_fc_pattern("A-B:C"), "A\\-B\\:C");
    }
}
