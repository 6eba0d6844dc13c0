//! The movement chart (`theme_movement`): how each theme (those of the trend chart) moves
//! between bodies over time. One panel per theme, one row per body on a calendar axis: a grey
//! tick at each of the body's meetings, a dot where the theme occurs (larger for a higher
//! rate), a diamond at the body's first appearance with the days after the first body to raise
//! it, and shaded spans where the burst model finds a burst (on a body's row for the body's own
//! bursts; across the panel, lighter, for bursts of all bodies together).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plotters::prelude::*;

use super::draw::{draw_no_data, draw_title, grey, style_at, text_style, Area, Db, DrawResult};
use super::draw::{PutText, LEFT, RIGHT};
use super::periods::{parse_date, DateAxis};
use super::prepare::{Prepared, Themes, Totals, COMMITTEE_CHARS};
use super::text::truncate_chars;
use super::{ChartData, MAX_TREND_THEMES};

pub(super) const TITLE_MOVEMENT: &str = "テーマの広がり（会議体ごと）";
pub(super) const MOVEMENT_NOTE: &str =
    "｜ 会議　● 出現（大きいほど高率）　◆ 初出（+日数 = 最初の会議体から）　網掛け = バースト（濃: その会議体、淡: 全体）";

/// One body's row in one theme's panel.
pub(super) struct MovementRow {
    /// Index into [`Movement::bodies`].
    pub(super) body: usize,
    pub(super) meetings: Vec<NaiveDate>,
    /// Dates and rates per 10,000 tokens where the theme occurs.
    pub(super) hits: Vec<(NaiveDate, f64)>,
    /// First appearance and days after the first body's.
    pub(super) first: Option<(NaiveDate, i64)>,
    pub(super) bursts: Vec<(NaiveDate, NaiveDate)>,
}

/// One theme's panel.
pub(super) struct MovementPanel {
    pub(super) label: String,
    pub(super) rows: Vec<MovementRow>,
    /// Bursts of all bodies together.
    pub(super) all_bursts: Vec<(NaiveDate, NaiveDate)>,
}

/// What the movement chart shows.
pub(super) struct Movement {
    pub(super) panels: Vec<MovementPanel>,
    /// Bodies with dated meetings, names cut.
    pub(super) bodies: Vec<String>,
    pub(super) date_range: Option<(NaiveDate, NaiveDate)>,
}

/// Pixel height of one body's row.
const ROW_H: u32 = 30;
/// Pixel height of a panel besides its rows (caption, axis).
const PANEL_EXTRA: u32 = 110;

/// The chart's panels: the trend chart's themes, each with every body that has dated
/// meetings.
pub(super) fn prepare_movement(data: &ChartData, themes: &Themes, totals: &Totals<'_>) -> Movement {
    let ids = themes.capped(totals, MAX_TREND_THEMES);
    // Body → its meetings' dates; (theme, body) → dated rates where the theme occurs.
    let mut meetings: BTreeMap<&str, BTreeMap<(NaiveDate, &str), ()>> = BTreeMap::new();
    let mut hits: BTreeMap<(&str, &str), Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for p in data.points() {
        let Some(d) = parse_date(p.date) else {
            continue;
        };
        meetings
            .entry(p.committee)
            .or_default()
            .insert((d, p.meeting_id), ());
        if p.hits > 0 && ids.iter().any(|t| t == p.theme) {
            let rate = p.hits as f64 / p.tokens.max(1) as f64 * 10_000.0;
            hits.entry((p.theme, p.committee))
                .or_default()
                .push((d, rate));
        }
    }
    let bodies: Vec<&str> = meetings.keys().copied().collect();
    let dates = meetings.values().flat_map(|m| m.keys().map(|k| k.0));
    let date_range = dates.clone().min().zip(dates.max());
    let span = |s: &str, e: &str| parse_date(s).zip(parse_date(e));
    let panels = ids
        .iter()
        .map(|t| {
            let firsts: Vec<Option<NaiveDate>> = bodies
                .iter()
                .map(|b| {
                    hits.get(&(t.as_str(), *b))
                        .and_then(|h| h.iter().map(|x| x.0).min())
                })
                .collect();
            let leader = firsts.iter().flatten().min().copied();
            let rows = bodies
                .iter()
                .enumerate()
                .map(|(i, b)| MovementRow {
                    body: i,
                    meetings: meetings[b].keys().map(|k| k.0).collect(),
                    hits: hits.get(&(t.as_str(), *b)).cloned().unwrap_or_default(),
                    first: firsts[i].zip(leader).map(|(f, l)| (f, (f - l).num_days())),
                    bursts: data
                        .bursts
                        .iter()
                        .filter(|x| x.0 == *t && x.1 == *b)
                        .filter_map(|x| span(&x.2, &x.3))
                        .collect(),
                })
                .collect();
            MovementPanel {
                label: themes.label(t),
                rows,
                all_bursts: data
                    .bursts
                    .iter()
                    .filter(|x| x.0 == *t && x.1.is_empty())
                    .filter_map(|x| span(&x.2, &x.3))
                    .collect(),
            }
        })
        .collect();
    Movement {
        panels,
        bodies: bodies
            .iter()
            .map(|b| truncate_chars(b, COMMITTEE_CHARS))
            .collect(),
        date_range,
    }
}

/// Image height: every panel's rows, captions and axes.
pub(super) fn movement_height(m: &Movement) -> u32 {
    let per_panel = PANEL_EXTRA + ROW_H * m.bodies.len().max(1) as u32;
    140 + per_panel * m.panels.len().max(1) as u32
}

/// Draws the chart on `root`.
pub(super) fn draw_movement<DB: Db>(root: &Area<DB>, p: &Prepared, family: &str) -> DrawResult {
    let body = draw_title(root, TITLE_MOVEMENT, family)?;
    let m = &p.movement;
    let Some((d0, d1)) = m.date_range.filter(|_| !m.panels.is_empty()) else {
        return draw_no_data(&body, family, 48.0);
    };
    let (_, h) = body.dim_in_pixel();
    let (panels_area, note_area) = body.split_vertically(h as i32 - 50);
    note_area.put(MOVEMENT_NOTE, (40, 20), &grey(family, 18.0, 70))?;
    let areas = panels_area.split_evenly((m.panels.len(), 1));
    let axis = DateAxis::padded(d0, d1);
    let label_w = 360;
    for (panel, area) in m.panels.iter().zip(&areas) {
        draw_panel(area, panel, m, &axis, label_w, family)?;
    }
    Ok(())
}

fn draw_panel<DB: Db>(
    area: &Area<DB>,
    panel: &MovementPanel,
    m: &Movement,
    axis: &DateAxis,
    label_w: u32,
    family: &str,
) -> DrawResult {
    let n = m.bodies.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(panel.label.as_str(), text_style(family, 26.0))
        .margin(10)
        .margin_right(40)
        .x_label_area_size(40)
        .y_label_area_size(label_w)
        .build_cartesian_2d(axis.clone(), 0f64..n)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(0)
        .disable_y_mesh()
        .label_style(text_style(family, 16.0))
        .bold_line_style(RGBColor(0, 0, 0).mix(0.1))
        .light_line_style(TRANSPARENT)
        .draw()?;
    let plot = chart.plotting_area();
    let (x0, x1) = (axis.range().start, axis.range().end);
    // A burst of one meeting still shows: spans are widened by a little of the axis.
    let pad = chrono::Days::new(((x1 - x0).num_days() / 150).max(1) as u64);
    let shade = |a: NaiveDate, b: NaiveDate| ((a - pad).max(x0), (b + pad).min(x1));
    for &(a, b) in &panel.all_bursts {
        let (a, b) = shade(a, b);
        plot.draw(&Rectangle::new(
            [(a, 0.0), (b, n)],
            RGBColor(253, 174, 97).mix(0.25).filled(),
        ))?;
    }
    let max_rate = panel
        .rows
        .iter()
        .flat_map(|r| r.hits.iter().map(|h| h.1))
        .fold(0.0, f64::max)
        .max(1e-9);
    let base = area.get_base_pixel();
    for row in &panel.rows {
        let y = n - row.body as f64 - 0.5;
        for &(a, b) in &row.bursts {
            let (a, b) = shade(a, b);
            let rect = [(a, y - 0.45), (b, y + 0.45)];
            plot.draw(&Rectangle::new(
                rect,
                RGBColor(230, 85, 13).mix(0.35).filled(),
            ))?;
        }
        for &d in &row.meetings {
            plot.draw(&PathElement::new(
                [(d, y - 0.3), (d, y + 0.3)],
                RGBColor(150, 150, 150).stroke_width(1),
            ))?;
        }
        for &(d, rate) in &row.hits {
            let r = 3.0 + 7.0 * (rate / max_rate).sqrt();
            plot.draw(&Circle::new(
                (d, y),
                r as i32,
                RGBColor(31, 119, 180).mix(0.8).filled(),
            ))?;
        }
        if let Some((d, days)) = row.first {
            let (px, py) = chart.backend_coord(&(d, y));
            let (cx, cy) = (px - base.0, py - base.1);
            let diamond = vec![(cx, cy - 9), (cx + 9, cy), (cx, cy + 9), (cx - 9, cy)];
            area.draw(&Polygon::new(diamond, RGBColor(214, 39, 40).filled()))?;
            area.put(
                &format!("+{days}"),
                (cx + 12, cy - 12),
                &style_at(family, 15.0, LEFT),
            )?;
        }
        let (lx, ly) = chart.backend_coord(&(x0, y));
        area.put(
            &m.bodies[row.body],
            (lx - base.0 - 10, ly - base.1),
            &style_at(family, 16.0, RIGHT),
        )?;
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
    fn firsts_and_bursts_per_body() {
        let mut data = ChartData::default();
        data.meeting_points
            .push(point("a1", "A", "2024-01-10", "x", "X", 2));
        data.meeting_points
            .push(point("a2", "A", "2024-02-10", "x", "X", 0));
        data.meeting_points
            .push(point("b1", "B", "2024-01-05", "x", "X", 0));
        data.meeting_points
            .push(point("b2", "B", "2024-03-01", "x", "X", 5));
        data.bursts.push((
            "x".into(),
            "B".into(),
            "2024-03-01".into(),
            "2024-03-01".into(),
        ));
        data.bursts.push((
            "x".into(),
            String::new(),
            "2024-03-01".into(),
            "2024-03-01".into(),
        ));
        let p = prepare(&data, &ChartOptions::default());
        let m = &p.movement;
        assert_eq!(m.bodies, ["A", "B"]);
        let panel = &m.panels[0];
        let d = |s: &str| parse_date(s).unwrap();
        assert_eq!(panel.rows[0].first, Some((d("2024-01-10"), 0)));
        // 2024-01-10 → 2024-03-01: 21 + 29 + 1 days.
        assert_eq!(panel.rows[1].first, Some((d("2024-03-01"), 51)));
        assert_eq!(panel.rows[1].meetings.len(), 2);
        assert_eq!(panel.rows[1].bursts, [(d("2024-03-01"), d("2024-03-01"))]);
        assert!(panel.rows[0].bursts.is_empty());
        assert_eq!(panel.all_bursts.len(), 1);
    }
}
