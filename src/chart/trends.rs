//! The trend chart (`theme_trends`): one small panel per theme, hits per
//! 10,000 tokens over a true calendar axis, one line per committee; prepared
//! from the meetings' points ([`prepare_trends`]) and drawn ([`draw_trends`])
//! with the committee legend of [`super::trend_legend`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use plotters::prelude::*;

use super::draw::{draw_no_data, draw_title, text_style, Area, Db, DrawResult};
use super::periods::{parse_date, DateAxis};
use super::prepare::{
    positions, Dates, Prepared, Themes, Totals, COMMITTEE_CHARS, TITLE_TRENDS, WHISKERS,
};
use super::text::truncate_chars;
use super::trend_legend::{committee_look, draw_bottom_legend, draw_line, draw_marker};
use super::trend_legend::{
    draw_right_legend, right_legend_width, trend_bottom_legend, CommitteeLines,
};
use super::{ChartData, PointRef, MAX_TREND_THEMES};

/// One committee's line in one trend panel.
pub(super) struct TrendSeries {
    /// Index into the trend chart's committees.
    pub(super) committee: usize,
    /// Dates and rates, by date.
    pub(super) points: Vec<(NaiveDate, f64)>,
    /// Each point's exact Poisson 95% interval (low, high), in the order of `points`.
    pub(super) intervals: Vec<(f64, f64)>,
}

/// One theme's panel.
pub(super) struct TrendPanel {
    /// Theme label.
    pub(super) label: String,
    /// One line per committee with dated points of the theme.
    pub(super) series: Vec<TrendSeries>,
}

/// What the trend chart shows.
pub(super) struct Trends {
    /// Panels of the themes with most hits (or the chosen ones).
    pub(super) panels: Vec<TrendPanel>,
    /// Committees with dated points, names cut for the legend.
    pub(super) committees: Vec<String>,
    /// The same committees, whole names.
    pub(super) committee_names: Vec<String>,
    /// First and last date of any point.
    pub(super) date_range: Option<(NaiveDate, NaiveDate)>,
    /// The chart's title: what it shows, and how its themes were picked when the theme file
    /// marks none.
    pub(super) title: String,
}

/// Most points in a panel that still get interval whiskers (more would hide the lines).
const MAX_WHISKER_POINTS: usize = 400;

/// A point of a panel's theme with a date: the point, its panel and its date.
type Dated<'a> = (PointRef<'a>, usize, NaiveDate);

/// The trend chart's panels: the [`MAX_TREND_THEMES`] themes with most hits
/// in `totals` (or the chosen ones), each with one series per committee.
pub(super) fn prepare_trends<'a>(
    data: &'a ChartData,
    themes: &Themes,
    totals: &Totals<'_>,
    dates: &mut Dates<'a>,
) -> Trends {
    let trend_themes = themes.capped(totals, MAX_TREND_THEMES);
    let dated = dated_points(data, &trend_themes, dates);
    let committees: Vec<String> = dated
        .iter()
        .map(|(p, _, _)| p.committee)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut per_panel = vec![0usize; trend_themes.len()];
    for (_, slot, _) in &dated {
        per_panel[*slot] += 1;
    }
    let whiskers = per_panel.iter().all(|&n| n <= MAX_WHISKER_POINTS);
    let panels = trend_panels(&trend_themes, themes, &dated, &committees, whiskers);
    let days = || dated.iter().map(|(_, _, d)| *d);
    let date_range = days().min().zip(days().max());
    let mut title = TITLE_TRENDS.to_string();
    if whiskers && !dated.is_empty() {
        title.push_str(WHISKERS);
    }
    if trend_themes.len() < themes.shown.len() {
        title.push_str(&format!(
            "　出現数の多い上位{}テーマ（テーマファイルの show = true で選べます）",
            trend_themes.len()
        ));
    }
    Trends {
        title,
        panels,
        committees: committees
            .iter()
            .map(|c| truncate_chars(c, COMMITTEE_CHARS))
            .collect(),
        committee_names: committees,
        date_range,
    }
}

/// Points of the panels' themes with a finite rate and a date, in the order
/// of [`ChartData::points`].
fn dated_points<'a>(
    data: &'a ChartData,
    trend_themes: &[String],
    dates: &mut Dates<'a>,
) -> Vec<Dated<'a>> {
    let trend_slot = positions(trend_themes);
    let mut dated: Vec<Dated<'a>> = Vec::new();
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
    dated
}

/// One panel per theme of `trend_themes`, with one series per committee (in
/// the order of `committees`), points by date, then meeting id.
fn trend_panels(
    trend_themes: &[String],
    themes: &Themes,
    dated: &[Dated<'_>],
    committees: &[String],
    whiskers: bool,
) -> Vec<TrendPanel> {
    let committee_index = positions(committees);
    /// Date, rate, meeting id and interval of one point.
    type Pt<'a> = (NaiveDate, f64, &'a str, (f64, f64));
    type PanelPoints<'a> = BTreeMap<usize, Vec<Pt<'a>>>;
    let mut by_panel: Vec<PanelPoints> = vec![BTreeMap::new(); trend_themes.len()];
    let mut intervals = crate::stats::RateIntervals::default();
    for (p, slot, d) in dated {
        by_panel[*slot]
            .entry(committee_index[p.committee])
            .or_default()
            .push((
                *d,
                p.per_10k_tokens,
                p.meeting_id,
                if whiskers {
                    intervals.rate(p.hits, p.tokens)
                } else {
                    (f64::NAN, f64::NAN)
                },
            ));
    }
    let series = |(committee, mut pts): (usize, Vec<Pt<'_>>)| {
        pts.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)));
        let intervals = pts.iter().map(|p| p.3).collect();
        let points = pts.into_iter().map(|(d, v, _, _)| (d, v)).collect();
        TrendSeries {
            committee,
            points,
            intervals,
        }
    };
    let panel = |(theme, by_committee): (&String, PanelPoints)| TrendPanel {
        label: themes.label(theme),
        series: by_committee.into_iter().map(series).collect(),
    };
    trend_themes.iter().zip(by_panel).map(panel).collect()
}

/// (rows, cols) of the small-multiple grid.
pub(super) fn grid_shape(n: usize) -> (usize, usize) {
    let cols = match n {
        0 | 1 => 1,
        2 | 4 => 2,
        _ => 3,
    };
    (n.max(1).div_ceil(cols), cols)
}

/// Top of a panel's y axis: a little above the highest rate.
fn nice_max(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        1.0
    } else {
        v * 1.12
    }
}

/// Marker radius and line width of the trend chart, from the most points
/// of one committee in one panel, the most points of one panel and the
/// width of a panel's plot: dense lines get smaller dots, very dense ones
/// none.
pub(super) fn trend_point_size(
    series_points: usize,
    panel_points: usize,
    plot_w: i32,
) -> (i32, u32) {
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

/// Most points of one committee in one panel, and of one panel.
fn densest(panels: &[TrendPanel]) -> (usize, usize) {
    let lens = |panel: &TrendPanel| {
        panel
            .series
            .iter()
            .map(|s| s.points.len())
            .collect::<Vec<_>>()
    };
    let series_points = panels.iter().flat_map(lens).max().unwrap_or(0);
    let panel_points = panels
        .iter()
        .map(|p| lens(p).iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    (series_points, panel_points)
}

/// Draws the trend chart on `root`: title, panels in a grid, committee legend.
pub(super) fn draw_trends<DB: Db>(root: &Area<DB>, p: &Prepared, family: &str) -> DrawResult {
    let body = draw_title(root, &p.trends.title, family)?;
    let (range, n) = match p.trends.date_range {
        Some(r) if !p.trends.panels.is_empty() => (r, p.trends.panels.len()),
        _ => return draw_no_data(&body, family, 48.0),
    };
    let (w, h) = body.dim_in_pixel();
    let bottom = trend_bottom_legend(&p.trends.committee_names, w);
    let (panels_area, legend_area) = match &bottom {
        Some(bl) => body.split_vertically(h as i32 - bl.height()),
        None => {
            let legend_w = right_legend_width(&body, &p.trends.committees, family)?;
            body.split_horizontally(w as i32 - legend_w)
        }
    };
    let ncommittees = p.trends.committee_names.len();
    let (rows, cols) = grid_shape(n);
    let cells = panels_area.split_evenly((rows, cols));
    let axis = DateAxis::padded(range.0, range.1);
    let (series_points, panel_points) = densest(&p.trends.panels);
    // Plot width of a panel: cell minus margins and the y label area.
    let plot_w = panels_area.dim_in_pixel().0 as i32 / cols as i32 - 12 - 28 - 64;
    let (radius, width) = trend_point_size(series_points, panel_points, plot_w);
    let lines = CommitteeLines {
        looks: (0..ncommittees)
            .map(|i| committee_look(i, ncommittees))
            .collect(),
        radius,
        width,
    };
    for (panel, area) in p.trends.panels.iter().zip(cells.iter()) {
        draw_panel(area, panel, &axis, &lines, family)?;
    }
    match &bottom {
        Some(bl) => draw_bottom_legend(&legend_area, bl, &lines, family),
        None => draw_right_legend(&legend_area, &p.trends.committees, &lines, family),
    }
}

/// Draws one theme's panel in `area`: caption, axes and one line per committee.
fn draw_panel<DB: Db>(
    area: &Area<DB>,
    panel: &TrendPanel,
    axis: &DateAxis,
    lines: &CommitteeLines,
    family: &str,
) -> DrawResult {
    let rates = panel
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|pt| pt.1));
    // The axis follows the rates; a whisker reaching above it is cut at the top (an interval
    // of few hits is wide, and would flatten every line).
    let ymax = nice_max(rates.fold(0.0, f64::max) * 1.15);
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
        .y_label_formatter(&|v| format!("{:.*}", if ymax < 2.0 { 2 } else { 1 }, v))
        .label_style(text_style(family, 17.0))
        .axis_desc_style(text_style(family, 17.0))
        .bold_line_style(RGBColor(0, 0, 0).mix(0.12))
        .light_line_style(TRANSPARENT)
        .draw()?;
    if panel.series.is_empty() {
        return draw_no_data(&chart.plotting_area().strip_coord_spec(), family, 26.0);
    }
    let plot = chart.plotting_area();
    for s in &panel.series {
        let look = lines.looks[s.committee];
        for (&(d, _), &(lo, hi)) in s.points.iter().zip(&s.intervals) {
            if !(lo.is_finite() && hi.is_finite()) {
                continue;
            }
            let whisker = [(d, lo.min(ymax)), (d, hi.min(ymax))];
            plot.draw(&PathElement::new(
                whisker,
                look.color.mix(0.45).stroke_width(2),
            ))?;
        }
        draw_line(plot, s.points.clone(), look, lines.width)?;
        // A lone point or two would not show without a marker.
        let r = if lines.radius == 0 && s.points.len() <= 2 {
            3
        } else {
            lines.radius
        };
        if r > 0 {
            for pt in &s.points {
                draw_marker(plot, *pt, look.marker, r, look.color)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::point;
    use crate::chart::prepare::prepare;
    use crate::chart::ChartOptions;

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
        let labels: Vec<&str> = p.trends.panels.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels.len(), 8);
        assert_eq!(labels[0], "テーマ2");
        assert_eq!(p.heat.themes.len(), 10);
        let opts = ChartOptions {
            themes_shown: Some(vec!["t1".into(), "t0".into()]),
            ..ChartOptions::default()
        };
        let p = prepare(&data, &opts);
        let labels: Vec<&str> = p.trends.panels.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, vec!["テーマ1", "テーマ0"]);
    }
}
