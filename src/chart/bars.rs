//! The data of the two stacked bar charts: `meeting_themes` (one bar of theme
//! hits per meeting by date, or per calendar period when there are many) and
//! `speaker_roles` (per theme, one bar of hits by speaker role). Themes beyond
//! the ones with most hits are lumped into one `その他`, so totals stay true.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use plotters::style::RGBColor;

use super::draw::{series_color, OTHER_COLOR};
use super::periods::{bucket_by_period, parse_date, period_note, periods_title, MAX_MEETING_BARS};
use super::prepare::{other_label, other_note, theme_totals, Dates, Themes, Totals};
use super::prepare::{
    COMMITTEE_CHARS, LEGEND_CHARS, LEGEND_ROLES, LEGEND_THEMES, MAX_STACK_THEMES,
};
use super::prepare::{DESC_HITS, DESC_RATE, TITLE_MEETINGS, TITLE_ROLES, UNKNOWN_DATE};
use super::stacked::{RowLabel, StackedBars};
use super::text::{truncate_chars, wrap_label};
use super::ChartData;

/// Committee names in a one-line bar label are cut to this many chars.
const MEETING_COMMITTEE_CHARS: usize = 16;

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

/// The themes of a stacked chart: the [`MAX_STACK_THEMES`] with most hits
/// (or the chosen ones) drawn apart, `rest` more lumped into one.
struct Lumped<'t> {
    drawn: Vec<String>,
    rest: usize,
    /// Series or row of each shown theme: its place in `drawn`, else the lump.
    slot: HashMap<&'t str, usize>,
}

impl<'t> Lumped<'t> {
    fn new(themes: &'t Themes, totals: &Totals<'_>) -> Self {
        let drawn = themes.capped(totals, MAX_STACK_THEMES);
        let rest = themes.shown.len() - drawn.len();
        let lump = (rest > 0).then_some(drawn.len());
        let slot = themes
            .shown
            .iter()
            .filter_map(|t| Some((t.as_str(), drawn.iter().position(|d| d == t).or(lump)?)))
            .collect();
        Lumped { drawn, rest, slot }
    }

    /// Series or rows: one per drawn theme, and one of the rest.
    fn len(&self) -> usize {
        self.drawn.len() + usize::from(self.rest > 0)
    }

    /// Their names: theme labels cut to `chars`, then the lump's.
    fn names(&self, themes: &Themes, chars: usize) -> Vec<String> {
        let mut names: Vec<String> = self
            .drawn
            .iter()
            .map(|t| truncate_chars(&themes.label(t), chars))
            .collect();
        names.extend((self.rest > 0).then(|| other_label(self.rest)));
        names
    }

    /// Legend note saying which themes were lumped.
    fn note(&self) -> Vec<String> {
        match self.rest {
            0 => Vec::new(),
            rest => other_note(self.drawn.len(), rest),
        }
    }
}

/// One meeting's hits per series.
struct Meeting<'a> {
    date: Option<NaiveDate>,
    committee: &'a str,
    id: &'a str,
    /// Hits per series, then the meeting's tokens (summed alike per period).
    hits: Vec<u64>,
}

/// Hits per 10,000 tokens of each series, from hits per series followed by the tokens.
fn rates(hits_then_tokens: &[u64]) -> Vec<f64> {
    let (hits, tokens) = hits_then_tokens.split_at(hits_then_tokens.len().saturating_sub(1));
    let t = tokens.first().copied().unwrap_or(0);
    hits.iter()
        .map(|&h| {
            if t == 0 {
                0.0
            } else {
                h as f64 / t as f64 * 10_000.0
            }
        })
        .collect()
}

/// The meeting chart: one bar per meeting id, by date (unknown dates last),
/// or for more than [`MAX_MEETING_BARS`] meetings one bar per calendar
/// period; the themes with most hits in `totals` as series, the rest lumped.
pub(super) fn prepare_meetings<'a>(
    data: &'a ChartData,
    themes: &Themes,
    totals: &Totals<'_>,
    dates: &mut Dates<'a>,
) -> StackedBars {
    let lumped = Lumped::new(themes, totals);
    let meetings = collect_meetings(data, &lumped, dates);
    let series = lumped
        .names(themes, LEGEND_CHARS)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            (
                name,
                if i < lumped.drawn.len() {
                    series_color(i)
                } else {
                    OTHER_COLOR
                },
            )
        })
        .collect();
    let mut bars = if meetings.len() <= MAX_MEETING_BARS {
        bar_per_meeting(meetings)
    } else {
        bar_per_period(&meetings)
    };
    bars.series = series;
    bars.note.extend(lumped.note());
    bars
}

/// Every meeting of `data` with its hits per series of `lumped`, sorted by
/// date (unknown dates last), committee and id.
fn collect_meetings<'a>(
    data: &'a ChartData,
    lumped: &Lumped,
    dates: &mut Dates<'a>,
) -> Vec<Meeting<'a>> {
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut meeting_index: HashMap<&str, usize> = HashMap::new();
    for p in data.points() {
        let i = *meeting_index.entry(p.meeting_id).or_insert_with(|| {
            meetings.push(Meeting {
                date: *dates.entry(p.date).or_insert_with(|| parse_date(p.date)),
                committee: p.committee,
                id: p.meeting_id,
                hits: vec![0; lumped.len() + 1],
            });
            meetings.len() - 1
        });
        let n = meetings[i].hits.len();
        meetings[i].hits[n - 1] = p.tokens;
        if let Some(&s) = lumped.slot.get(p.theme) {
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
    meetings
}

/// Bars titled `title` with these rows, values and note, legend of themes.
fn bars(
    title: String,
    rows: Vec<RowLabel>,
    values: Vec<Vec<f64>>,
    note: Vec<String>,
) -> StackedBars {
    let (legend_title, series) = (LEGEND_THEMES, Vec::new());
    StackedBars {
        title,
        legend_title,
        rows,
        series,
        values,
        note,
        x_desc: DESC_RATE,
        decimals: 1,
    }
}

/// One bar per meeting, labelled with its date and committee.
fn bar_per_meeting(meetings: Vec<Meeting<'_>>) -> StackedBars {
    let rows = meetings
        .iter()
        .map(|m| {
            let date = m
                .date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| UNKNOWN_DATE.to_string());
            let mut lines = vec![date.clone()];
            lines.extend(wrap_label(m.committee, 18.0, 2));
            let compact = format!(
                "{date} {}",
                truncate_chars(m.committee, MEETING_COMMITTEE_CHARS)
            );
            RowLabel { lines, compact }
        })
        .collect();
    let values = meetings.iter().map(|m| rates(&m.hits)).collect();
    bars(TITLE_MEETINGS.to_string(), rows, values, Vec::new())
}

/// One bar per calendar period (see [`bucket_by_period`]), labelled with
/// the period and its number of meetings.
fn bar_per_period(meetings: &[Meeting<'_>]) -> StackedBars {
    let periods = bucket_by_period(
        meetings.iter().map(|m| (m.date, m.hits.as_slice())),
        MAX_MEETING_BARS,
    );
    let rows = periods
        .bars
        .iter()
        .map(|b| RowLabel::single(b.row_label()))
        .collect();
    let note = period_note(periods.period, meetings.len());
    let values = periods.bars.iter().map(|b| rates(&b.hits)).collect();
    bars(periods_title(periods.period), rows, values, note)
}

/// A drawn role: id, legend text, colour.
type Role = (String, String, RGBColor);

/// The role chart: rows of the themes with most hits (or the chosen ones)
/// and one of the rest, series of the roles with hits.
pub(super) fn prepare_roles(data: &ChartData, themes: &Themes) -> StackedBars {
    let totals = theme_totals(data.role_counts.iter().map(|r| (r.theme.as_str(), r.hits)));
    let lumped = Lumped::new(themes, &totals);
    let mut role_hits: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for r in &data.role_counts {
        if let Some(&row) = lumped.slot.get(r.theme.as_str()) {
            role_hits
                .entry(r.role.as_str())
                .or_insert_with(|| vec![0; lumped.len()])[row] += r.hits;
        }
    }
    let roles = drawn_roles(&role_hits);
    let (mut rows, mut values) = (Vec::new(), Vec::new());
    if !roles.is_empty() {
        rows = lumped
            .names(themes, COMMITTEE_CHARS)
            .into_iter()
            .map(RowLabel::single)
            .collect();
        values = (0..lumped.len())
            .map(|t| {
                roles
                    .iter()
                    .map(|(id, _, _)| role_hits[id.as_str()][t] as f64)
                    .collect()
            })
            .collect();
    }
    StackedBars {
        title: TITLE_ROLES.to_string(),
        legend_title: LEGEND_ROLES,
        rows,
        values,
        series: roles
            .into_iter()
            .map(|(_, legend, c)| (legend, c))
            .collect(),
        note: lumped.note(),
        x_desc: DESC_HITS,
        decimals: 0,
    }
}

/// Roles with hits: those of [`ROLES`] in its order and colours, then the
/// others by id, in the series colours.
fn drawn_roles(role_hits: &BTreeMap<&str, Vec<u64>>) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::new();
    for (id, legend, (r, g, b)) in ROLES {
        if role_hits.get(id).is_some_and(|h| h.iter().any(|&x| x > 0)) {
            roles.push((id.to_string(), legend.to_string(), RGBColor(r, g, b)));
        }
    }
    for (id, hits) in role_hits {
        if !ROLES.iter().any(|r| r.0 == *id) && hits.iter().any(|&x| x > 0) {
            let color = series_color(roles.len());
            roles.push((id.to_string(), truncate_chars(id, LEGEND_CHARS), color));
        }
    }
    roles
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::{many_meetings, png_size};
    use crate::chart::prepare::{drawn_text, prepare};
    use crate::chart::render::{render_all, Kind, MIN_HEIGHT};
    use crate::chart::ChartOptions;

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
        assert_eq!(p.meetings.title, "月ごとのテーマ出現率（1万語あたり）");
        assert!(p.meetings.rows.len() <= MAX_MEETING_BARS);
        assert_eq!(p.meetings.rows[0].compact, "2021-01（6回）");
        assert_eq!(p.meetings.rows.last().unwrap().compact, "日付なし（5回）");
        // Each bar is its period's hits per 10,000 of its tokens.
        let first_month: Vec<&crate::chart::MeetingThemePoint> = data
            .meeting_points
            .iter()
            .filter(|p| p.date.starts_with("2021-01"))
            .collect();
        let hits: u64 = first_month.iter().map(|p| p.hits).sum();
        let mut tokens: std::collections::BTreeMap<&str, u64> = Default::default();
        for p in &first_month {
            tokens.insert(p.meeting_id.as_str(), p.tokens);
        }
        let tokens: u64 = tokens.values().sum();
        let drawn: f64 = p.meetings.values[0].iter().sum();
        assert!(
            (drawn - hits as f64 / tokens as f64 * 10_000.0).abs() < 1e-9,
            "{drawn}"
        );
        assert!(p.meetings.note.iter().any(|l| l.contains("1か月")));
        assert!(drawn_text(&p).contains("日付なし"));

        // 2000 meetings over ~11 years: quarters, and a bounded image.
        let data = many_meetings(2000, 20, 2, 0);
        let p = prepare(&data, &ChartOptions::default());
        assert_eq!(p.meetings.title, "四半期ごとのテーマ出現率（1万語あたり）");
        assert!(p.meetings.rows.len() <= MAX_MEETING_BARS);
        let h = Kind::Meetings.height(&p);
        assert!((MIN_HEIGHT..=3000).contains(&h), "{h}");
        let dir = tempfile::tempdir().unwrap();
        render_all(dir.path(), &data, &ChartOptions::default()).unwrap();
        let (_, h) = png_size(&dir.path().join("meeting_themes.png"));
        assert!(h <= 3000, "{h}");
        let svg = std::fs::read_to_string(dir.path().join("meeting_themes.svg")).unwrap();
        assert!(svg.contains("四半期ごとのテーマ出現率"));
        assert!(svg.contains("2021-01〜03（"));
    }
}
