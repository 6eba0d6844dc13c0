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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

mod data;
mod draw;
#[cfg(test)]
mod fixtures;
mod font;
mod labels;
mod text;

pub use data::{
    ChartData, CommitteeThemeCell, MeetingThemePoint, MeetingThemes, PointRef, RoleThemeCount,
};
pub use font::{missing_glyphs, resolve_font, ResolvedFont};
use labels::*;
use text::*;
mod periods;
use periods::*;
mod render;
use draw::DrawResult;
use draw::*;
pub use render::render_all;
use render::*;

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
// Texts

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
    title: String,
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
    /// The same committees, whole names.
    trend_committee_names: Vec<String>,
    date_range: Option<(NaiveDate, NaiveDate)>,
    /// Heatmap rows: theme labels.
    heat_themes: Vec<String>,
    /// Heatmap columns: committee names wrapped into header lines.
    heat_committees: Vec<Vec<String>>,
    /// The same names wrapped into vertical header lines.
    heat_committees_vertical: Vec<Vec<String>>,
    /// Vertical presentation forms the font has ([`VERTICAL_FORMS`]); filled
    /// by [`render_all`] when headers are written vertically.
    vertical_forms: HashMap<char, char>,
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
        for p in data.points() {
            note(p.theme, p.theme_label);
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
    for p in data.points() {
        *meeting_totals.entry(p.theme).or_default() += p.hits;
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

    // Every meeting has one point per theme: parse each date string once.
    let mut dates: HashMap<&str, Option<NaiveDate>> = HashMap::new();

    // Trends: dated points of the panels' themes.
    let trend_slot: HashMap<&str, usize> = trend_themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let mut dated: Vec<(PointRef, usize, NaiveDate)> = Vec::new();
    for p in data.points() {
        let Some(&slot) = trend_slot.get(p.theme) else {
            continue;
        };
        if !p.per_10k_tokens.is_finite() {
            continue;
        }
        if let Some(d) = *dates.entry(p.date).or_insert_with(|| parse_date(p.date)) {
            dated.push((p, slot, d));
        }
    }
    let committees: Vec<String> = dated
        .iter()
        .map(|(p, _, _)| p.committee)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let committee_index: HashMap<&str, usize> = committees
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    type PanelPoints<'a> = BTreeMap<usize, Vec<(NaiveDate, f64, &'a str)>>;
    let mut by_panel: Vec<PanelPoints> = vec![BTreeMap::new(); trend_themes.len()];
    for (p, slot, d) in &dated {
        by_panel[*slot]
            .entry(committee_index[p.committee])
            .or_default()
            .push((*d, p.per_10k_tokens, p.meeting_id));
    }
    let trend_panels = trend_themes
        .iter()
        .zip(by_panel)
        .map(|(theme, by_committee)| {
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
        .map(|(_, _, d)| *d)
        .min()
        .zip(dated.iter().map(|(_, _, d)| *d).max());

    // Heatmap: themes as rows, committees as columns.
    let mut heat_totals: HashMap<&str, u64> = HashMap::new();
    for c in &data.committee_cells {
        *heat_totals.entry(c.theme.as_str()).or_default() += c.hits;
    }
    let heat_theme_ids = capped(&heat_totals, MAX_HEAT_THEMES);
    let heat_theme_set: HashSet<&str> = heat_theme_ids.iter().map(String::as_str).collect();
    // First cell of each (committee, theme), as a linear search would find.
    let mut cell_of: HashMap<(&str, &str), &CommitteeThemeCell> = HashMap::new();
    for c in &data.committee_cells {
        if heat_theme_set.contains(c.theme.as_str()) {
            cell_of
                .entry((c.committee.as_str(), c.theme.as_str()))
                .or_insert(c);
        }
    }
    let heat_committees: Vec<String> = cell_of
        .keys()
        .map(|(c, _)| *c)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let heat_cells = heat_theme_ids
        .iter()
        .map(|theme| {
            heat_committees
                .iter()
                .map(|committee| {
                    cell_of
                        .get(&(committee.as_str(), theme.as_str()))
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

    // Meetings: one bar per meeting id, by date (unknown dates last), or for
    // many meetings one bar per calendar period; themes beyond the top ones
    // lumped into one series so that totals stay true.
    let meeting_themes = capped(&meeting_totals, MAX_STACK_THEMES);
    let meeting_rest = shown.len() - meeting_themes.len();
    let meeting_series_n = meeting_themes.len() + usize::from(meeting_rest > 0);
    let mut series_of: HashMap<&str, usize> = HashMap::new();
    if meeting_rest > 0 {
        for t in &shown {
            series_of.insert(t.as_str(), meeting_themes.len());
        }
    }
    for (i, t) in meeting_themes.iter().enumerate() {
        series_of.insert(t.as_str(), i);
    }
    struct Meeting<'a> {
        date: Option<NaiveDate>,
        committee: &'a str,
        id: &'a str,
        hits: Vec<u64>,
    }
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut meeting_index: HashMap<&str, usize> = HashMap::new();
    for p in data.points() {
        let i = match meeting_index.get(p.meeting_id) {
            Some(&i) => i,
            None => {
                meetings.push(Meeting {
                    date: *dates.entry(p.date).or_insert_with(|| parse_date(p.date)),
                    committee: p.committee,
                    id: p.meeting_id,
                    hits: vec![0; meeting_series_n],
                });
                meeting_index.insert(p.meeting_id, meetings.len() - 1);
                meetings.len() - 1
            }
        };
        if let Some(&s) = series_of.get(p.theme) {
            meetings[i].hits[s] += p.hits;
        }
    }
    meetings.sort_by(|a, b| {
        (a.date.is_none(), a.date, a.committee, a.id).cmp(&(
            b.date.is_none(),
            b.date,
            b.committee,
            b.id,
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
    let mut meeting_note = Vec::new();
    let (meeting_title, meeting_rows, meeting_values) = if meetings.len() <= MAX_MEETING_BARS {
        let rows = meetings
            .iter()
            .map(|m| {
                let date = m
                    .date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| UNKNOWN_DATE.to_string());
                let mut lines = vec![date.clone()];
                lines.extend(wrap_label(m.committee, 18.0, 2));
                RowLabel {
                    lines,
                    compact: format!(
                        "{date} {}",
                        truncate_chars(m.committee, MEETING_COMMITTEE_CHARS)
                    ),
                }
            })
            .collect();
        let values = meetings.into_iter().map(|m| m.hits).collect();
        (TITLE_MEETINGS.to_string(), rows, values)
    } else {
        let periods = bucket_by_period(
            meetings.iter().map(|m| (m.date, m.hits.as_slice())),
            MAX_MEETING_BARS,
        );
        meeting_note.extend(period_note(periods.period, meetings.len()));
        let rows = periods
            .bars
            .iter()
            .map(|b| RowLabel::single(b.row_label()))
            .collect();
        let values = periods.bars.into_iter().map(|b| b.hits).collect();
        (periods_title(periods.period), rows, values)
    };
    if meeting_rest > 0 {
        meeting_note.extend(other_note(meeting_themes.len(), meeting_rest));
    }
    let meeting_bars = StackedBars {
        title: meeting_title,
        legend_title: LEGEND_THEMES,
        rows: meeting_rows,
        series: theme_series,
        values: meeting_values,
        note: meeting_note,
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
        title: TITLE_ROLES.to_string(),
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
        trend_committee_names: committees,
        date_range,
        heat_themes: heat_theme_ids.iter().map(|t| label_of(t)).collect(),
        heat_committees: heat_committees
            .iter()
            .map(|c| wrap_label(c, HEADER_LINE_UNITS, HEADER_MAX_LINES))
            .collect(),
        heat_committees_vertical: heat_committees
            .iter()
            .map(|c| wrap_label_loose(c, HEAT_V_LINE_UNITS, HEAT_V_MAX_LINES))
            .collect(),
        vertical_forms: HashMap::new(),
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
        s.push_str(&bars.title);
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

/// Width of the heatmap image with columns `col_w` wide, theme labels at
/// the nominal size estimated from their chars.
fn heat_width(p: &Prepared, col_w: i32) -> i32 {
    let left = p
        .heat_themes
        .iter()
        .map(|t| (text_units(t) * HEAT_ROW_FONT) as i32 + 40)
        .max()
        .unwrap_or(0)
        .clamp(120, WIDTH as i32 * 2 / 5);
    let n = p.heat_committees.len() as i32;
    2 * HEAT_MARGIN + left + n * col_w + HEAT_SCALE_W
}

/// Heatmaps whose committee headers, written across, would make the image
/// wider than this get vertical headers (縦書き) and narrow columns.
const HEAT_VERTICAL_ABOVE: i32 = 2400;
/// Vertical header lines: length (full-width chars), count, spacing.
const HEAT_V_LINE_UNITS: f64 = 12.0;
const HEAT_V_MAX_LINES: usize = 4;
const HEAT_V_LINE_PITCH: i32 = 25;
/// Least width of a column under a vertical header (room for `120.1 ▲`).
const HEAT_V_MIN_COL_W: i32 = 104;

/// Whether the heatmap's committee headers are written vertically.
fn heat_vertical(p: &Prepared) -> bool {
    heat_width(p, HEAT_MIN_COL_W) > HEAT_VERTICAL_ABOVE
}

/// Column width of a heatmap with vertical headers.
fn heat_vertical_col_w(p: &Prepared) -> i32 {
    let lines = p.heat_committees_vertical.iter().map(Vec::len).max();
    (lines.unwrap_or(1) as i32 * HEAT_V_LINE_PITCH + 16).max(HEAT_V_MIN_COL_W)
}

fn heat_layout(p: &Prepared) -> HeatLayout {
    let header_lines = p
        .heat_committees
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(1);
    let top = if heat_vertical(p) {
        let extent = p
            .heat_committees_vertical
            .iter()
            .flatten()
            .map(|l| vertical_extent(l, HEAT_HEADER_FONT))
            .max()
            .unwrap_or(0);
        40 + extent
    } else {
        40 + header_lines as i32 * (HEAT_HEADER_FONT * 1.3) as i32
    };
    HeatLayout {
        top,
        cell_h: heat_cell_h(p.heat_themes.len()),
        grid_h: p.heat_themes.len() as i32 * heat_cell_h(p.heat_themes.len()),
        caption_h: 40 + p.heat_caption.len() as i32 * HEAT_CAPTION_PITCH,
    }
}

fn stacked_height(sb: &StackedBars) -> u32 {
    // Pitch shrinks for long lists so that the bitmap stays under ~3000 px
    // (the meeting chart has at most `MAX_MEETING_BARS` bars anyway).
    let rows = sb.rows.len();
    let pitch = if rows <= 100 {
        28
    } else {
        (2_800 / rows as u32).max(2)
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

/// (rows, cols) of the small-multiple grid.
fn grid_shape(n: usize) -> (usize, usize) {
    let cols = match n {
        0 | 1 => 1,
        2 | 4 => 2,
        _ => 3,
    };
    (n.max(1).div_ceil(cols), cols)
}

fn nice_max(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        1.0
    } else {
        v * 1.12
    }
}

/// Up to this many committees the trend legend stands right of the panels
/// (names cut to [`COMMITTEE_CHARS`]) and lines differ by colour alone;
/// beyond, or when cut names would look alike, the legend goes under the
/// panels in columns with whole (wrapped) names, and lines also differ by
/// dash pattern and marker shape.
const TREND_RIGHT_LEGEND_MAX: usize = 12;
/// Most entries of the legend under the trend panels (then "ほか N 件").
const TREND_LEGEND_MAX_ENTRIES: usize = 60;
const TREND_LEGEND_FONT: f64 = 20.0;
const TREND_LEGEND_LINE: i32 = 26;
const TREND_LEGEND_GAP: i32 = 10;
const TREND_LEGEND_SWATCH: i32 = 58;
const TREND_LEGEND_HEAD: i32 = 56;
const TREND_LEGEND_MARGIN: i32 = 30;

/// Marker of a committee's points in the trend chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Cross,
}

/// How one committee is drawn in the trend chart.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LineLook {
    color: RGBColor,
    /// Dash and gap length in pixels; `None` for a solid line.
    dash: Option<(u32, u32)>,
    marker: Marker,
}

/// Look of committee `i` of `n`: few committees get the series colours and
/// solid lines with dots; many get the 10 Tableau colours, then the same
/// colours dashed with squares, dotted with triangles, and so on.
fn committee_look(i: usize, n: usize) -> LineLook {
    if n <= TREND_RIGHT_LEGEND_MAX {
        return LineLook {
            color: series_color(i),
            dash: None,
            marker: Marker::Circle,
        };
    }
    const DASHES: [Option<(u32, u32)>; 3] = [None, Some((14, 7)), Some((3, 5))];
    const MARKERS: [Marker; 4] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Cross,
    ];
    let g = i / 10;
    LineLook {
        color: series_color(i % 10),
        dash: DASHES[g % DASHES.len()],
        marker: MARKERS[g % MARKERS.len()],
    }
}

/// Legend under the trend panels: entries in columns, top to bottom then
/// left to right.
#[derive(Debug)]
struct BottomLegend {
    col_w: i32,
    /// Wrapped name of each shown entry.
    entries: Vec<Vec<String>>,
    /// Entries per column.
    rows: usize,
    /// Height of each row.
    row_h: Vec<i32>,
    /// Committees left out (named "ほか N 件" in the last slot).
    more: usize,
}

impl BottomLegend {
    fn height(&self) -> i32 {
        TREND_LEGEND_HEAD + self.row_h.iter().sum::<i32>() + 24
    }

    /// Top-left of slot `k` relative to the legend area.
    fn slot(&self, k: usize) -> (i32, i32) {
        let (col, row) = (k / self.rows, k % self.rows);
        (
            TREND_LEGEND_MARGIN + col as i32 * self.col_w,
            TREND_LEGEND_HEAD + self.row_h[..row].iter().sum::<i32>(),
        )
    }
}

/// The bottom legend of the trend chart, or `None` when the legend stands
/// right of the panels (few committees whose cut names stay distinct).
fn trend_bottom_legend(names: &[String], width: u32) -> Option<BottomLegend> {
    let n = names.len();
    let cut: BTreeSet<String> = names
        .iter()
        .map(|c| truncate_chars(c, COMMITTEE_CHARS))
        .collect();
    if n <= TREND_RIGHT_LEGEND_MAX && cut.len() == n {
        return None;
    }
    let cols = n.div_ceil(8).clamp(2, 4);
    let col_w = (width as i32 - 2 * TREND_LEGEND_MARGIN) / cols as i32;
    let units = f64::from(col_w - TREND_LEGEND_SWATCH - 24) / TREND_LEGEND_FONT;
    let (shown, more) = if n > TREND_LEGEND_MAX_ENTRIES {
        (
            TREND_LEGEND_MAX_ENTRIES - 1,
            n - (TREND_LEGEND_MAX_ENTRIES - 1),
        )
    } else {
        (n, 0)
    };
    let entries: Vec<Vec<String>> = names[..shown]
        .iter()
        .map(|c| wrap_label(c, units.max(4.0), 2))
        .collect();
    let slots = shown + usize::from(more > 0);
    let rows = slots.div_ceil(cols).max(1);
    // One height for all rows, so that the columns line up.
    let lines = entries.iter().map(Vec::len).max().unwrap_or(1);
    let row_h = vec![lines as i32 * TREND_LEGEND_LINE + TREND_LEGEND_GAP; rows];
    Some(BottomLegend {
        col_w,
        entries,
        rows,
        row_h,
        more,
    })
}

/// Draws `marker` of radius `r` at `at` (coordinates of `area`).
fn draw_marker<DB, CT>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    marker: Marker,
    r: i32,
    color: RGBColor,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate,
    CT::From: Clone + 'static,
{
    match marker {
        Marker::Circle => area.draw(&Circle::new(at, r, color.filled()))?,
        Marker::Square => {
            let s = (r * 4 / 5).max(1);
            area.draw(&(EmptyElement::at(at) + Rectangle::new([(-s, -s), (s, s)], color.filled())))?
        }
        Marker::Triangle => area.draw(&TriangleMarker::new(at, r + 1, color.filled()))?,
        Marker::Cross => area.draw(&Cross::new(at, r, color.stroke_width(2)))?,
    }
    Ok(())
}

/// Draws a line through `points` (coordinates of `area`) in `look`'s
/// colour and dash pattern.
fn draw_line<DB, CT>(
    area: &DrawingArea<DB, CT>,
    points: Vec<CT::From>,
    look: LineLook,
    width: u32,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate,
    CT::From: Clone + 'static,
{
    let style = look.color.stroke_width(width);
    match look.dash {
        None => area.draw(&PathElement::new(points, style))?,
        Some((dash, gap)) => area.draw(&plotters::element::DashedPathElement::new(
            points,
            dash as i32,
            gap as i32,
            style,
        ))?,
    }
    Ok(())
}

/// Marker radius and line width of the trend chart, from the most points
/// of one committee in one panel, the most points of one panel and the
/// width of a panel's plot: dense lines get smaller dots, very dense ones
/// none.
fn trend_point_size(series_points: usize, panel_points: usize, plot_w: i32) -> (i32, u32) {
    let w = f64::from(plot_w.max(1));
    let along = w / series_points.max(1) as f64;
    let across = w / panel_points.max(1) as f64;
    if along >= 14.0 && across >= 4.0 {
        (5, 3)
    } else if along >= 6.0 && across >= 1.5 {
        (3, 2)
    } else if along >= 4.0 {
        (2, 2)
    } else {
        (0, 2)
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
    let (w, h) = body.dim_in_pixel();
    let legend_font = 21.0;
    let bottom = trend_bottom_legend(&p.trend_committee_names, w);
    let (panels_area, legend_area) = match &bottom {
        Some(bl) => body.split_vertically(h as i32 - bl.height()),
        None => {
            let mut legend_w = 260;
            for name in &p.trend_committees {
                let (tw, _) = body.estimate_text_size(name, &text_style(family, legend_font))?;
                legend_w = legend_w.max(tw as i32 + 80);
            }
            let legend_w = legend_w.min(w as i32 * 2 / 5);
            body.split_horizontally(w as i32 - legend_w)
        }
    };
    let ncommittees = p.trend_committee_names.len();
    let looks: Vec<LineLook> = (0..ncommittees)
        .map(|i| committee_look(i, ncommittees))
        .collect();
    let (rows, cols) = grid_shape(n);
    let cells = panels_area.split_evenly((rows, cols));
    let axis = DateAxis::padded(range.0, range.1);
    let series_points = p
        .trend_panels
        .iter()
        .flat_map(|panel| panel.series.iter().map(|s| s.points.len()))
        .max()
        .unwrap_or(0);
    let panel_points = p
        .trend_panels
        .iter()
        .map(|panel| panel.series.iter().map(|s| s.points.len()).sum::<usize>())
        .max()
        .unwrap_or(0);
    // Plot width of a panel: cell minus margins and the y label area.
    let plot_w = panels_area.dim_in_pixel().0 as i32 / cols as i32 - 12 - 28 - 64;
    let (radius, line_w) = trend_point_size(series_points, panel_points, plot_w);
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
        let plot = chart.plotting_area();
        for s in &panel.series {
            let look = looks[s.committee];
            draw_line(plot, s.points.clone(), look, line_w)?;
            // A lone point or two would not show without a marker.
            let r = if radius == 0 && s.points.len() <= 2 {
                3
            } else {
                radius
            };
            if r > 0 {
                for pt in &s.points {
                    draw_marker(plot, *pt, look.marker, r, look.color)?;
                }
            }
        }
    }
    let note_style = anchored(
        text_style(family, 18.0).color(&RGBColor(90, 90, 90)),
        HPos::Left,
        VPos::Center,
    );
    if let Some(bl) = &bottom {
        // Legend under the panels, in columns, with whole names.
        let (lw, _) = legend_area.dim_in_pixel();
        legend_area.draw(&PathElement::new(
            vec![
                (TREND_LEGEND_MARGIN, 8),
                (lw as i32 - TREND_LEGEND_MARGIN, 8),
            ],
            RGBColor(0, 0, 0).mix(0.15),
        ))?;
        put_text(
            &legend_area,
            LEGEND_COMMITTEES,
            (TREND_LEGEND_MARGIN, 32),
            &anchored(text_style(family, 26.0), HPos::Left, VPos::Center),
        )?;
        put_text(
            &legend_area,
            &format!("x: {DESC_DATE}　　y: {HEAT_SCALE}"),
            (TREND_LEGEND_MARGIN + 140, 34),
            &note_style,
        )?;
        let entry_style = anchored(
            text_style(family, TREND_LEGEND_FONT),
            HPos::Left,
            VPos::Center,
        );
        for (k, lines) in bl.entries.iter().enumerate() {
            let (x, y) = bl.slot(k);
            let yc = y + TREND_LEGEND_LINE / 2;
            let look = looks[k];
            draw_line(
                &legend_area,
                vec![(x, yc), (x + TREND_LEGEND_SWATCH - 14, yc)],
                look,
                3,
            )?;
            if radius > 0 {
                draw_marker(
                    &legend_area,
                    (x + (TREND_LEGEND_SWATCH - 14) / 2, yc),
                    look.marker,
                    5,
                    look.color,
                )?;
            }
            for (i, line) in lines.iter().enumerate() {
                put_text(
                    &legend_area,
                    line,
                    (x + TREND_LEGEND_SWATCH, yc + i as i32 * TREND_LEGEND_LINE),
                    &entry_style,
                )?;
            }
        }
        if bl.more > 0 {
            let (x, y) = bl.slot(bl.entries.len());
            put_text(
                &legend_area,
                &more_entries(bl.more),
                (x + TREND_LEGEND_SWATCH, y + TREND_LEGEND_LINE / 2),
                &entry_style,
            )?;
        }
        return Ok(());
    }
    // Shared legend right of the panels, and axis note.
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
        let look = looks[i];
        draw_line(&legend, vec![(0, y), (36, y)], look, 3)?;
        if radius > 0 {
            draw_marker(&legend, (18, y), look.marker, 5, look.color)?;
        }
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
        &note_style,
    )?;
    put_text(
        &legend,
        &format!("y: {HEAT_SCALE}"),
        (0, y + 48),
        &note_style,
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
    // Committee headers: written vertically over narrow columns, or across
    // in wrapped lines, one size for all that fits the cells.
    let across = if heat_vertical(p) {
        draw_vertical_headers(&body, p, family, grid_left, cell_w, top)?;
        &[][..]
    } else {
        &p.heat_committees[..]
    };
    let mut header_font = HEAT_HEADER_FONT;
    'shrink: while header_font > 12.0 {
        for line in across.iter().flatten() {
            let (tw, _) = body.estimate_text_size(line, &text_style(family, header_font))?;
            if tw as i32 > cell_w - 16 {
                header_font -= 1.0;
                continue 'shrink;
            }
        }
        break;
    }
    let line_pitch = (HEAT_HEADER_FONT * 1.3) as i32;
    for (j, lines) in across.iter().enumerate() {
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

/// Committee headers written vertically (縦書き), top-aligned, lines from
/// right to left, over columns `cell_w` wide from `grid_left`; the grid
/// starts at `top`.
fn draw_vertical_headers<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
    grid_left: i32,
    cell_w: i32,
    top: i32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let font = HEAT_HEADER_FONT;
    let extent = p
        .heat_committees_vertical
        .iter()
        .flatten()
        .map(|l| vertical_extent(l, font))
        .max()
        .unwrap_or(0);
    let y0 = top - 14 - extent;
    let style = anchored(text_style(family, font), HPos::Center, VPos::Center);
    for (j, lines) in p.heat_committees_vertical.iter().enumerate() {
        let cx = grid_left + j as i32 * cell_w + cell_w / 2;
        let m = lines.len() as i32;
        for (k, line) in lines.iter().enumerate() {
            let x = cx + (m - 1) * HEAT_V_LINE_PITCH / 2 - k as i32 * HEAT_V_LINE_PITCH;
            let mut y = f64::from(y0);
            for c in line.chars() {
                let adv = vertical_advance(c) * font * 1.05;
                if !c.is_whitespace() {
                    let shown = p.vertical_forms.get(&c).copied().unwrap_or(c);
                    // Small kana sit at the top right of their cell.
                    let (dx, dy) = if SMALL_KANA.contains(c) {
                        (font * 0.18, -font * 0.2)
                    } else {
                        (0.0, 0.0)
                    };
                    put_text(
                        body,
                        &shown.to_string(),
                        (x + dx.round() as i32, (y + adv / 2.0 + dy).round() as i32),
                        &style,
                    )?;
                }
                y += adv;
            }
        }
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
    let body = draw_title(root, &sb.title, family)?;
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
    let label_every = if pitch >= 9.0 {
        1
    } else {
        (9.0 / pitch.max(0.1)).ceil() as usize
    };
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
        // Rows thinner than the smallest text: label every few rows only.
        let lines = if i % label_every == 0 {
            row_lines(label)
        } else {
            Vec::new()
        };
        let first = -(lines.len().saturating_sub(1) as f64) * multi_pitch / 2.0;
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
    use super::fixtures::{many_meetings, png_size, point, sample};
    use super::*;

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
    fn many_meetings_get_one_bar_per_period() {
        // 60 meetings: still one bar each.
        let p = prepare(&many_meetings(60, 3, 9, 0), &ChartOptions::default());
        assert_eq!(p.meetings.rows.len(), 60);
        assert_eq!(p.meetings.title, TITLE_MEETINGS);
        assert_eq!(p.meetings.rows[0].lines[0], "2021-01-04");

        // 200 meetings over ~3 years, 5 undated: per month.
        let data = many_meetings(200, 4, 5, 5);
        let p = prepare(&data, &ChartOptions::default());
        assert_eq!(p.meetings.title, "月ごとのテーマ出現数");
        assert!(p.meetings.rows.len() <= MAX_MEETING_BARS);
        assert_eq!(p.meetings.rows[0].compact, "2021-01（6回）");
        assert_eq!(p.meetings.rows.last().unwrap().compact, "日付なし（5回）");
        let total: u64 = data.meeting_points.iter().map(|p| p.hits).sum();
        let drawn: u64 = p.meetings.values.iter().flatten().sum();
        assert_eq!(drawn, total);
        assert!(p.meetings.note.iter().any(|l| l.contains("1か月")));
        assert!(drawn_text(&p).contains("日付なし"));

        // 2000 meetings over ~11 years: quarters, and a bounded image.
        let data = many_meetings(2000, 20, 2, 0);
        let p = prepare(&data, &ChartOptions::default());
        assert_eq!(p.meetings.title, "四半期ごとのテーマ出現数");
        assert!(p.meetings.rows.len() <= MAX_MEETING_BARS);
        let h = Kind::Meetings.height(&p);
        assert!((MIN_HEIGHT..=3000).contains(&h), "{h}");
        let dir = tempfile::tempdir().unwrap();
        render_all(dir.path(), &data, &ChartOptions::default()).unwrap();
        let (_, h) = png_size(&dir.path().join("meeting_themes.png"));
        assert!(h <= 3000, "{h}");
        let svg = std::fs::read_to_string(dir.path().join("meeting_themes.svg")).unwrap();
        assert!(svg.contains("四半期ごとのテーマ出現数"));
        assert!(svg.contains("2021-01〜03（"));
    }

    #[test]
    fn many_committees_get_a_legend_in_columns_and_vertical_headers() {
        let data = many_meetings(400, 20, 9, 0);
        let p = prepare(&data, &ChartOptions::default());
        assert_eq!(p.trend_committee_names.len(), 20);
        let bl = trend_bottom_legend(&p.trend_committee_names, WIDTH).expect("bottom legend");
        assert_eq!(bl.entries.len(), 20);
        assert_eq!(bl.more, 0);
        // Whole names, in columns within the image.
        assert!(bl
            .entries
            .iter()
            .zip(&p.trend_committee_names)
            .all(|(lines, name)| lines.concat().replace(' ', "") == name.replace(' ', "")));
        let (x, _) = bl.slot(19);
        assert!(x + bl.col_w <= WIDTH as i32);
        // Every committee looks different.
        let looks: BTreeSet<String> = (0..20)
            .map(|i| format!("{:?}", committee_look(i, 20)))
            .collect();
        assert_eq!(looks.len(), 20);
        // Dense lines get smaller dots, very dense ones none.
        assert_eq!(trend_point_size(10, 40, 480), (5, 3));
        assert_eq!(trend_point_size(60, 200, 480), (3, 2));
        assert_eq!(trend_point_size(22, 448, 480), (2, 2));
        assert_eq!(trend_point_size(300, 4000, 480), (0, 2));
        // Few committees keep the legend on the right, unless cut names clash.
        assert!(trend_bottom_legend(&["委員会A".into(), "委員会B".into()], WIDTH).is_none());
        let clash = [
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会第1分科会".to_string(),
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会第2分科会".to_string(),
        ];
        assert!(trend_bottom_legend(&clash, WIDTH).is_some());

        // Heatmap: 20 columns under vertical headers, far narrower than
        // headers written across.
        assert!(heat_vertical(&p));
        let w = Kind::Heatmap.width(&p);
        assert!(w < 3000 && w < heat_width(&p, HEAT_MIN_COL_W) as u32, "{w}");
        assert_eq!(
            p.heat_committees_vertical[0],
            vec!["情報通信審議会", "第10分科会"]
        );
        let few = prepare(&sample(), &ChartOptions::default());
        assert!(!heat_vertical(&few));

        let dir = tempfile::tempdir().unwrap();
        render_all(dir.path(), &data, &ChartOptions::default()).unwrap();
        let (tw, th) = png_size(&dir.path().join("theme_trends.png"));
        assert_eq!((tw, th), (WIDTH, Kind::Trends.height(&p)));
        let trends = std::fs::read_to_string(dir.path().join("theme_trends.svg")).unwrap();
        assert!(trends.contains("情報通信審議会 第20分科会"));
        assert!(!trends.contains(&more_entries(1)));
        let heat = std::fs::read_to_string(dir.path().join("committee_themes.svg")).unwrap();
        assert!(!heat.contains("情報通信審議会 第1分科会"));
        assert!(heat.contains(">\n審\n</text>"), "vertical header chars");
    }
}
