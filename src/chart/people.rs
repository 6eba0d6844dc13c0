//! Two charts of the analysis tables: `emerging_terms` (each suggested noun's rate in the
//! corpus's first and last year, a dumbbell per noun) and `speaker_trajectories` (the people
//! who raise the charted themes most, a circle per person and year, its area the hits and its
//! colour the body they spoke in most that year).

use std::collections::BTreeMap;

use plotters::prelude::*;

use super::draw::{draw_no_data, draw_title, grey, series_color, style_at, text_style};
use super::draw::{Area, Db, DrawResult, PutText, LEFT, RIGHT};
use super::prepare::{Themes, Totals, COMMITTEE_CHARS};
use super::text::truncate_chars;
use super::{ChartData, MAX_TREND_THEMES};

pub(super) const TITLE_EMERGING: &str = "伸びている語（どのテーマにも含まれない名詞）";
pub(super) const EMERGING_NOTE: &str =
    "○ 最初の年　● 最後の年（1万語あたり）　右: q 値（Benjamini–Hochberg）と kwic で確かめるコマンドは emerging_terms.csv";
pub(super) const EMERGING_NONE: &str = "該当なし（3年以上の会議と、20回以上現れる名詞が必要）";
pub(super) const TITLE_PEOPLE: &str = "テーマを語る人（発言者 × 年）";
pub(super) const PEOPLE_NOTE: &str =
    "円の面積 = その年のヒット数（表示中のテーマの合計）　色 = その年に最も多く語った会議体";

/// Most rows of either chart.
const MAX_ROWS: usize = 20;

/// What the emerging-terms chart shows: (term, first-year rate, last-year rate, q).
pub(super) struct Emerging {
    pub(super) rows: Vec<(String, f64, f64, f64)>,
    pub(super) years: Option<(i32, i32)>,
}

/// What the trajectories chart shows.
pub(super) struct People {
    /// Speakers, most hits first.
    pub(super) speakers: Vec<String>,
    pub(super) years: Vec<i32>,
    /// (speaker row, year column, hits, body index).
    pub(super) cells: Vec<(usize, usize, u64, usize)>,
    /// Bodies, names cut, in colour order.
    pub(super) bodies: Vec<String>,
}

/// The strongest emerging terms (the table's order).
pub(super) fn prepare_emerging(data: &ChartData) -> Emerging {
    let rows: Vec<(String, f64, f64, f64)> = data
        .emerging
        .iter()
        .take(MAX_ROWS)
        .map(|e| (e.0.clone(), e.1, e.2, e.5))
        .collect();
    let years = data.emerging.first().map(|e| (e.3, e.4));
    Emerging { rows, years }
}

/// The people with most hits of the charted themes, by year (dated meetings only).
pub(super) fn prepare_people(data: &ChartData, themes: &Themes, totals: &Totals<'_>) -> People {
    let shown = themes.capped(totals, MAX_TREND_THEMES);
    let mut per_speaker: BTreeMap<&str, u64> = BTreeMap::new();
    let mut cell: BTreeMap<(&str, i32), BTreeMap<&str, u64>> = BTreeMap::new();
    for (speaker, theme, body, year, hits) in &data.trajectories {
        let Some(year) = year else { continue };
        if !shown.iter().any(|t| t == theme) {
            continue;
        }
        *per_speaker.entry(speaker).or_default() += hits;
        *cell
            .entry((speaker, *year))
            .or_default()
            .entry(body)
            .or_default() += hits;
    }
    let mut speakers: Vec<(&str, u64)> = per_speaker.into_iter().collect();
    speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    speakers.truncate(MAX_ROWS);
    let row: BTreeMap<&str, usize> = speakers.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
    let mut years: Vec<i32> = cell
        .keys()
        .filter(|(s, _)| row.contains_key(s))
        .map(|k| k.1)
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut bodies: Vec<&str> = Vec::new();
    let mut cells = Vec::new();
    for ((s, y), by_body) in &cell {
        let Some(&r) = row.get(s) else { continue };
        let total: u64 = by_body.values().sum();
        // The body with most hits (ties: the first by name).
        let top = by_body
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or("", |x| *x.0);
        let b = bodies.iter().position(|x| *x == top).unwrap_or_else(|| {
            bodies.push(top);
            bodies.len() - 1
        });
        let c = years.binary_search(y).unwrap_or(0);
        cells.push((r, c, total, b));
    }
    People {
        speakers: speakers.iter().map(|s| s.0.to_string()).collect(),
        years,
        cells,
        bodies: bodies
            .iter()
            .map(|b| truncate_chars(b, COMMITTEE_CHARS))
            .collect(),
    }
}

/// Height of a chart of `rows` rows.
pub(super) fn rows_height(rows: usize) -> u32 {
    260 + 46 * rows.max(1) as u32
}

/// Draws the emerging-terms chart.
pub(super) fn draw_emerging<DB: Db>(root: &Area<DB>, e: &Emerging, family: &str) -> DrawResult {
    let title = match e.years {
        Some((a, b)) => format!("{TITLE_EMERGING}　{a}年 → {b}年"),
        None => TITLE_EMERGING.to_string(),
    };
    let body = draw_title(root, &title, family)?;
    if e.rows.is_empty() {
        draw_no_data(&body, family, 40.0)?;
        let (w, h) = body.dim_in_pixel();
        return body.put(
            EMERGING_NONE,
            (w as i32 / 2 - 400, h as i32 / 2 + 60),
            &grey(family, 22.0, 90),
        );
    }
    let (_, h) = body.dim_in_pixel();
    let (plot_area, note_area) = body.split_vertically(h as i32 - 50);
    note_area.put(EMERGING_NOTE, (40, 20), &grey(family, 18.0, 70))?;
    let n = e.rows.len() as f64;
    let xmax = e
        .rows
        .iter()
        .map(|r| r.1.max(r.2))
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.15;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(16)
        .margin_right(220)
        .x_label_area_size(50)
        .y_label_area_size(260)
        .build_cartesian_2d(0f64..xmax, 0f64..n)?;
    chart
        .configure_mesh()
        .y_labels(0)
        .disable_y_mesh()
        .x_desc("1万語あたり")
        .label_style(text_style(family, 17.0))
        .axis_desc_style(text_style(family, 18.0))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0, 0, 0).mix(0.1))
        .draw()?;
    let base = plot_area.get_base_pixel();
    let blue = RGBColor(31, 119, 180);
    for (i, (term, a, b, q)) in e.rows.iter().enumerate() {
        let y = n - i as f64 - 0.5;
        chart.draw_series(std::iter::once(PathElement::new(
            [(*a, y), (*b, y)],
            blue.mix(0.6).stroke_width(3),
        )))?;
        chart.draw_series(std::iter::once(Circle::new(
            (*a, y),
            7,
            blue.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(Circle::new((*b, y), 8, blue.filled())))?;
        let (px, py) = chart.backend_coord(&(0.0, y));
        let at = (px - base.0 - 12, py - base.1);
        plot_area.put(term, at, &style_at(family, 20.0, RIGHT))?;
        let (ex, _) = chart.backend_coord(&(xmax, y));
        plot_area.put(
            &format!("q = {q:.1e}"),
            (ex - base.0 + 14, py - base.1),
            &style_at(family, 16.0, LEFT),
        )?;
    }
    Ok(())
}

/// Draws the trajectories chart.
pub(super) fn draw_people<DB: Db>(root: &Area<DB>, p: &People, family: &str) -> DrawResult {
    let body = draw_title(root, TITLE_PEOPLE, family)?;
    if p.cells.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let (w, h) = body.dim_in_pixel();
    let (main, note_area) = body.split_vertically(h as i32 - 50);
    note_area.put(PEOPLE_NOTE, (40, 20), &grey(family, 18.0, 70))?;
    let (plot_area, legend) = main.split_horizontally(w as i32 - 380);
    let (nr, nc) = (p.speakers.len() as f64, p.years.len() as f64);
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(16)
        .margin_right(40)
        .x_label_area_size(50)
        .y_label_area_size(220)
        .build_cartesian_2d(0f64..nc, 0f64..nr)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .draw()?;
    let base = plot_area.get_base_pixel();
    for (i, s) in p.speakers.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(0.0, nr - i as f64 - 0.5));
        plot_area.put(
            s,
            (px - base.0 - 12, py - base.1),
            &style_at(family, 19.0, RIGHT),
        )?;
    }
    for (j, y) in p.years.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(j as f64 + 0.5, 0.0));
        let style = style_at(
            family,
            17.0,
            (
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            ),
        );
        plot_area.put(&y.to_string(), (px - base.0, py - base.1 + 8), &style)?;
    }
    let max = p.cells.iter().map(|c| c.2).max().unwrap_or(1).max(1) as f64;
    for &(r, c, hits, b) in &p.cells {
        let at = (c as f64 + 0.5, nr - r as f64 - 0.5);
        let radius = (4.0 + 18.0 * (hits as f64 / max).sqrt()) as i32;
        chart.draw_series(std::iter::once(Circle::new(
            at,
            radius,
            series_color(b).mix(0.8).filled(),
        )))?;
    }
    legend.put("会議体", (10, 40), &style_at(family, 20.0, LEFT))?;
    for (i, name) in p.bodies.iter().enumerate().take(24) {
        let y = 80 + 30 * i as i32;
        legend.draw(&Circle::new((22, y), 9, series_color(i).filled()))?;
        legend.put(name, (40, y), &style_at(family, 17.0, LEFT))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::prepare::prepare;
    use crate::chart::ChartOptions;

    #[test]
    fn people_by_hits_and_years_with_their_main_body() {
        let data = ChartData {
            trajectories: vec![
                ("甲".into(), "x".into(), "A".into(), Some(2023), 3),
                ("甲".into(), "x".into(), "B".into(), Some(2023), 1),
                ("甲".into(), "x".into(), "B".into(), Some(2024), 2),
                ("乙".into(), "x".into(), "A".into(), Some(2024), 9),
                ("丙".into(), "x".into(), "A".into(), None, 50),
            ],
            meeting_points: vec![crate::chart::fixtures::point(
                "m",
                "A",
                "2023-01-01",
                "x",
                "X",
                1,
            )],
            ..Default::default()
        };
        let p = prepare(&data, &ChartOptions::default());
        let people = &p.people;
        // 乙 9 hits, 甲 6; 丙's undated hits are left out.
        assert_eq!(people.speakers, ["乙", "甲"]);
        assert_eq!(people.years, [2023, 2024]);
        assert_eq!(people.bodies, ["A", "B"]);
        // 甲 in 2023: 4 hits, mostly in A; in 2024: 2 in B.
        assert!(people.cells.contains(&(1, 0, 4, 0)));
        assert!(people.cells.contains(&(1, 1, 2, 1)));
    }

    #[test]
    fn emerging_rows_follow_the_table() {
        let data = ChartData {
            emerging: vec![("新語".into(), 1.0, 9.0, 2019, 2024, 0.001)],
            ..Default::default()
        };
        let e = prepare_emerging(&data);
        assert_eq!(e.rows, [("新語".to_string(), 1.0, 9.0, 0.001)]);
        assert_eq!(e.years, Some((2019, 2024)));
    }
}
