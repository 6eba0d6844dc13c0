//! The meeting chart's data (`meeting_themes`): one stacked bar of theme
//! hits per meeting, by date, or for many meetings one bar per calendar
//! period.
//!
//! Takes the meetings' points of [`ChartData`]; gives the [`StackedBars`]
//! that [`super::stacked`] draws. Themes beyond the ones with most hits are
//! lumped into one `その他` series, so that every bar keeps its true total.

use std::collections::HashMap;

use chrono::NaiveDate;
use plotters::style::RGBColor;

use super::draw::{series_color, OTHER_COLOR};
use super::labels::{other_label, other_note, LEGEND_THEMES, TITLE_MEETINGS, UNKNOWN_DATE};
use super::periods::{bucket_by_period, parse_date, period_note, periods_title, MAX_MEETING_BARS};
use super::prepare::{Dates, Themes, Totals, LEGEND_CHARS, MAX_STACK_THEMES};
use super::stacked::{RowLabel, StackedBars};
use super::text::{truncate_chars, wrap_label};
use super::ChartData;

/// Committee names in a one-line bar label are cut to this many chars.
const MEETING_COMMITTEE_CHARS: usize = 16;

/// One meeting's hits per series.
struct Meeting<'a> {
    date: Option<NaiveDate>,
    committee: &'a str,
    id: &'a str,
    hits: Vec<u64>,
}

/// The bars of the meeting chart, with its title and notes.
struct Bars {
    title: String,
    rows: Vec<RowLabel>,
    values: Vec<Vec<u64>>,
    note: Vec<String>,
}

/// The meeting chart: one bar per meeting id, by date (unknown dates last),
/// or for more than [`MAX_MEETING_BARS`] meetings one bar per calendar
/// period; the [`MAX_STACK_THEMES`] themes with most hits in `totals` (or
/// the chosen ones) as series, the rest lumped into one.
pub(super) fn prepare_meetings<'a>(
    data: &'a ChartData,
    themes: &Themes,
    totals: &Totals<'_>,
    dates: &mut Dates<'a>,
) -> StackedBars {
    let drawn = themes.capped(totals, MAX_STACK_THEMES);
    let rest = themes.shown.len() - drawn.len();
    let meetings = collect_meetings(data, &themes.shown, &drawn, rest, dates);
    let mut series: Vec<(String, RGBColor)> = drawn
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                truncate_chars(&themes.label(t), LEGEND_CHARS),
                series_color(i),
            )
        })
        .collect();
    if rest > 0 {
        series.push((other_label(rest), OTHER_COLOR));
    }
    let mut bars = if meetings.len() <= MAX_MEETING_BARS {
        bar_per_meeting(meetings)
    } else {
        bar_per_period(&meetings)
    };
    if rest > 0 {
        bars.note.extend(other_note(drawn.len(), rest));
    }
    StackedBars {
        title: bars.title,
        legend_title: LEGEND_THEMES,
        rows: bars.rows,
        series,
        values: bars.values,
        note: bars.note,
    }
}

/// Every meeting of `data` with its hits per series: one per theme of
/// `drawn`, then, when `rest` themes of `shown` are lumped, one for them;
/// sorted by date (unknown dates last), committee and id.
fn collect_meetings<'a>(
    data: &'a ChartData,
    shown: &[String],
    drawn: &[String],
    rest: usize,
    dates: &mut Dates<'a>,
) -> Vec<Meeting<'a>> {
    let series_n = drawn.len() + usize::from(rest > 0);
    let mut series_of: HashMap<&str, usize> = HashMap::new();
    if rest > 0 {
        for t in shown {
            series_of.insert(t.as_str(), drawn.len());
        }
    }
    for (i, t) in drawn.iter().enumerate() {
        series_of.insert(t.as_str(), i);
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
                    hits: vec![0; series_n],
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
    meetings
}

/// One bar per meeting, labelled with its date and committee.
fn bar_per_meeting(meetings: Vec<Meeting<'_>>) -> Bars {
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
    Bars {
        title: TITLE_MEETINGS.to_string(),
        rows,
        values: meetings.into_iter().map(|m| m.hits).collect(),
        note: Vec::new(),
    }
}

/// One bar per calendar period (see [`bucket_by_period`]), labelled with
/// the period and its number of meetings.
fn bar_per_period(meetings: &[Meeting<'_>]) -> Bars {
    let periods = bucket_by_period(
        meetings.iter().map(|m| (m.date, m.hits.as_slice())),
        MAX_MEETING_BARS,
    );
    let note = period_note(periods.period, meetings.len());
    let rows = periods
        .bars
        .iter()
        .map(|b| RowLabel::single(b.row_label()))
        .collect();
    Bars {
        title: periods_title(periods.period),
        rows,
        values: periods.bars.into_iter().map(|b| b.hits).collect(),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::{many_meetings, png_size};
    use crate::chart::labels::TITLE_MEETINGS;
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
}
